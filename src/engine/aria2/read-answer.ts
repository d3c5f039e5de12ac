/**
 * Turns the parsed JSON of one answer into its checked result, or the Aria2Error it stands for.
 * JSON-RPC 2.0: an answer has `result` or `error`, and the id of its request.
 */
import * as v from 'valibot';
import { Aria2Error, rpcFailure } from './aria2-error';
import { ErrorEnvelope, ResultEnvelope, describeIssues } from './aria2-schemas';

export function readAnswer<S extends v.GenericSchema>(
  body: unknown,
  id: number,
  method: string,
  schema: S,
): v.InferOutput<S> {
  const failed = v.safeParse(ErrorEnvelope, body);
  // An error is reported whatever its id: aria2 answers a request it could not parse with id null.
  if (failed.success) throw rpcFailure(failed.output.error.code, failed.output.error.message);
  const answered = v.safeParse(ResultEnvelope, body);
  if (!answered.success) {
    throw new Aria2Error('bad-answer', `aria2: the answer to ${method} is not a JSON-RPC answer`);
  }
  if (answered.output.id !== id) {
    throw new Aria2Error('bad-answer', `aria2: the answer to ${method} carries another request's id`);
  }
  const result = v.safeParse(schema, answered.output.result);
  if (!result.success) {
    throw new Aria2Error('bad-answer', `aria2: ${describeIssues(`${method} result`, result.issues)}`);
  }
  return result.output;
}
