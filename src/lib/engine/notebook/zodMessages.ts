// zod/mini comes without messages: an issue whose schema gives none reads "Invalid input". Classic
// zod installed its English ones globally when imported; parsing with `ENGLISH` gives the same
// messages (a schema's own `error` still comes first) without loading all of zod's locales.
import { en } from 'zod/locales';
import type * as z from 'zod/mini';

export const ENGLISH: z.core.ParseContext<z.core.$ZodIssue> = { error: en().localeError };
