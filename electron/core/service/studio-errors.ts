// Every error that crosses the API boundary becomes `{ code, message }`; the message names the
// problem and the fix. Known error classes carry their own code; anything else is 'internal'.
import type { z } from 'zod';
import type { ApiError } from '../../shared/api-contract.js';
import { joinSentences, translateIssues } from '../../shared/config-issues.js';

export class StudioError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StudioError';
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'internal', message: error.message };
  }
  return { code: 'internal', message: String(error) };
}

/** "notebook.open request: path must be text." — zod issues as sentences, by the shared translator. */
export function describeZodError(context: string, error: z.ZodError): string {
  const wording = { labelOf: (path: ReadonlyArray<PropertyKey>) => (path.length > 0 ? path.map(String).join('.') : 'The message'), specOf: () => null };
  return `${context}: ${joinSentences(translateIssues(error, wording), 3)}`;
}
