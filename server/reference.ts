import type { FastifyInstance } from 'fastify';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { registerBehindCredentials, type CredentialOptions } from './auth.js';

export const REFERENCE_PATH = '/api/docs';

/** `GET /openapi.json`, registered inside the authenticated `/api` scope. */
export async function openApiDocumentRoute(api: FastifyInstance): Promise<void> {
  api.get('/openapi.json', async () => api.swagger());
}

/**
 * The rendered reference at `/api/docs`: Swagger UI, its files served from the package (no CDN),
 * behind the API's credentials. Registered at the root: Swagger UI links its files by its own
 * route prefix, which must therefore be the full path.
 */
export async function registerReferencePage(app: FastifyInstance, options: CredentialOptions): Promise<void> {
  await registerBehindCredentials(app, options, async (scope) => {
    await scope.register(fastifySwaggerUi, {
      routePrefix: REFERENCE_PATH,
      staticCSP: true,
      uiConfig: { url: '/api/openapi.json', docExpansion: 'list', deepLinking: false },
    });
  });
}
