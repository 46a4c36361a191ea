// Every error that crosses the API boundary becomes `{ code, message }`; the message names the
// problem and the fix. Known error classes carry their own code; anything else is 'internal'.
import type { z } from 'zod';
import type { ApiError } from '../../shared/api-contract.js';

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

/** "notebook.open: path: expected string, received number" — zod issues as one readable line. */
export function describeZodError(context: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(whole message)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${context}: ${parts.join('; ')}${more}`;
}
