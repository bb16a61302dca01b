// The one string schema for everything a procedure takes from outside. Browser-safe.
//
// PostgreSQL refuses U+0000 in text (SQLSTATE 22021), and a lone surrogate cannot be encoded as
// UTF-8: either would reach the database and answer 500 with the driver's text. Cleaning at the
// zod boundary means no procedure ever sees them: NUL and the other control characters (tab, line
// feed and carriage return kept) and lone surrogates are removed before any other check, so
// `.trim()`, `.min()` and `.max()` judge what will be stored — a value that was nothing but such
// characters then fails `.min(1)` with the field's usual message.
import { z } from 'zod';
import { cleanText } from '../text/safe-text.ts';

/** `z.string(params)` that first removes what `cleanText` removes; chain checks as usual. */
export function safeString(params?: Parameters<typeof z.string>[0]) {
	return z.string(params).overwrite(cleanText);
}
