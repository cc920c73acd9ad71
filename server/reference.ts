import type { FastifyInstance } from 'fastify';
import fastifySwaggerUi from '@fastify/swagger-ui';

/**
 * `/api/openapi.json` and the rendered reference at `/api/docs` (Swagger UI, its files served
 * from the package, no CDN). Registered inside the authenticated `/api` scope: a signed-in
 * dashboard session or the bearer token opens them.
 */
export async function referenceRoutes(api: FastifyInstance): Promise<void> {
  api.get('/openapi.json', async () => api.swagger());
  await api.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    uiConfig: { url: '/api/openapi.json', docExpansion: 'list', deepLinking: false },
  });
}
