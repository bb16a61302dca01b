import { fail, redirect } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { callerFor } from '$lib/server/trpc/caller';
import { safeNextPath } from '$lib/server/auth/safe-next';
import { loginInput } from '$lib/schemas/auth';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

type FieldErrors = Partial<Record<'email' | 'password', string[]>>;

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNextPath(url.searchParams.get('next'), url.origin));
	return { expired: url.searchParams.get('expired') === '1' };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const raw = { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
		const parsed = loginInput.safeParse(raw);
		if (!parsed.success) {
			return fail(400, { email: raw.email, fieldErrors: z.flattenError(parsed.error).fieldErrors as FieldErrors, message: null });
		}
		try {
			await callerFor(event).auth.login(parsed.data);
		} catch (error) {
			if (error instanceof TRPCError && (error.code === 'UNAUTHORIZED' || error.code === 'TOO_MANY_REQUESTS')) {
				return fail(error.code === 'UNAUTHORIZED' ? 401 : 429, { email: raw.email, fieldErrors: {} as FieldErrors, message: error.message });
			}
			throw error;
		}
		redirect(303, safeNextPath(event.url.searchParams.get('next'), event.url.origin));
	}
};
