import { z } from 'zod';

export const loginInput = z.object({
	email: z.email('Enter a valid email address').max(254).transform((v) => v.trim().toLowerCase()),
	password: z.string().min(1, 'Enter your password').max(200, 'Password is too long')
});
export type LoginInput = z.input<typeof loginInput>;
