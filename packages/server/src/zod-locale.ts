import { z } from 'zod/mini';
import { en } from 'zod/locales';

// Validation messages name what is wrong in plain English (zod/mini ships none by default).
// Imported for this effect by everything that reports zod issues to people: app.ts, config.ts.
z.config(en());
