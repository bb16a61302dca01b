import { json, type RequestHandler } from '@sveltejs/kit';

// An /api address that matches no endpoint: a JSON 404 for the machine that called it (the
// dashboard's own catch-all would send it to the sign-in page).
const notFound: RequestHandler = ({ url }) => json({ error: `No endpoint at ${url.pathname}` }, { status: 404 });
export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
