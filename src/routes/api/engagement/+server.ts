import type { RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { handleEngagementRequest } from '$lib/server/social/engagement/endpoint';

// POST { events: [...] } from the consumer app: see social/engagement/endpoint.ts for the contract.
export const POST: RequestHandler = ({ request }) => handleEngagementRequest(request, getDb().pool);
