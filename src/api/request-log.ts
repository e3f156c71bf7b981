/**
 * One log line per request rather than Fastify's two ("incoming request", then "request
 * completed"): the completed line names the request too (method, url, host, remote address), so an
 * answered request is logged as fully as before for one formatted line and one write instead of
 * two, which at the default level (info) is a large share of what a cached answer costs. What is
 * lost is a line for a request that never completes; errors and Fastify's other lines are as before.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
