// `@kdi-status/sdk/export`: the database-level shapes (the whole state as one document, API keys
// with their hashes) that only the server and its CLI handle. Kept off the package root so that a
// browser bundle never carries them and no client mistakes a hash for something to show.
export * from './schemas/stored-key.js';
export * from './schemas/export.js';
