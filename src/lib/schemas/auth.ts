import { z } from 'zod';
import { safeString } from './safe-string.ts';

export const loginInput = z.object({
	// Trim and lower-case before the format check, so " Ada@Rudo.dev " signs in as ada@rudo.dev.
	email: safeString().trim().toLowerCase().max(254).pipe(z.email('Enter a valid email address')),
	password: safeString().min(1, 'Enter your password').max(200, 'Password is too long')
});
export type LoginInput = z.input<typeof loginInput>;
