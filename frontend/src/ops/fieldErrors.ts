// Field-by-field messages from an API 400 (its `problems`), for forms.
import { ApiError } from '../api/client';

export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const found: Record<string, string> = {};
  for (const problem of error.problems) {
    const name = problem.field ?? '';
    if (name && !(name in found)) found[name] = problem.message;
  }
  return found;
}
