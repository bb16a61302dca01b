import { fail, redirect } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import { callerFor } from '$lib/server/trpc/caller';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ sessions: await callerFor(event).auth.sessions() });

export const actions: Actions = {
	/** Ends every session of this user, this browser's included, and goes to the sign-in page. */
	signOutEverywhere: async (event) => {
		await callerFor(event).auth.logoutEverywhere();
		redirect(303, '/login');
	},

	changePassword: async (event) => {
		const form = await event.request.formData();
		const input = { currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') };
		try {
			const { endedSessions } = await callerFor(event).auth.changePassword(input);
			return { passwordChanged: true, endedSessions };
		} catch (error) {
			if (error instanceof TRPCError && (error.code === 'BAD_REQUEST' || error.code === 'TOO_MANY_REQUESTS')) {
				const fieldErrors = error.cause instanceof ZodError ? (z.flattenError(error.cause).fieldErrors as Record<string, string[] | undefined>) : {};
				return fail(error.code === 'BAD_REQUEST' ? 400 : 429, { passwordError: fieldErrors.newPassword?.[0] ?? fieldErrors.currentPassword?.[0] ?? error.message });
			}
			throw error;
		}
	}
};
