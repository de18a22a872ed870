import { type Endpoint, endpoints, problemSchema } from '@baton/contracts';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

const binaryContent = (types: readonly string[]) =>
  Object.fromEntries(types.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));

/** A JSON body, or for an upload endpoint the file itself in one of its content types. */
function requestBodyOf(endpoint: Endpoint): { requestBody?: JsonSchema } {
  if (endpoint.upload) {
    return {
      requestBody: {
        required: true,
        description: `The file as the raw request body, at most ${endpoint.upload.maxBytes} bytes`,
        content: binaryContent(endpoint.upload.contentTypes),
      },
    };
  }
  if (!endpoint.body) return {};
  return {
    requestBody: {
      required: true,
      content: { 'application/json': { schema: toSchema(endpoint.body, 'input') } },
    },
  };
}

function accessText(endpoint: Endpoint): string {
  const a = endpoint.access;
  switch (a.kind) {
    case 'public':
      return 'Public.';
    case 'user':
      return 'Any signed-in user.';
    case 'instance-admin':
      return 'Baton administrators.';
    case 'project':
      return `Members of the project holding a role that grants \`${a.permission}\`.`;
  }
}

/** The OpenAPI 3.0 document of Baton's API, generated from the contracts package. */
export function buildOpenApi(version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = { 'application/problem+json': { schema: toSchema(problemSchema, 'output') } };
  for (const endpoint of Object.values(endpoints) as Endpoint[]) {
    const path = endpoint.path.replace(/:([a-zA-Z]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][endpoint.method.toLowerCase()] = {
      operationId: endpoint.id,
      summary: endpoint.summary,
      description: `Access: ${accessText(endpoint)}`,
      tags: [endpoint.tag],
      'x-baton-access': endpoint.access,
      parameters: [...parameters(endpoint.params, 'path'), ...parameters(endpoint.query, 'query')],
      ...requestBodyOf(endpoint),
      responses: {
        [String(endpoint.status ?? 200)]: {
          description: 'Success',
          content: endpoint.download
            ? binaryContent(endpoint.download.contentTypes)
            : { 'application/json': { schema: toSchema(endpoint.response, 'output') } },
        },
        '4XX': {
          description: 'A problem with the request (RFC 9457, with a stable `code`)',
          content: problem,
        },
      },
      security: endpoint.access.kind === 'public' ? [] : [{ bearer: [] }, { session: [] }],
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Baton API',
      version,
      description:
        'The API of Baton, the platform where an ML team works. Errors are RFC 9457 problem+json with a stable `code`.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `baton token create`' },
        session: { type: 'apiKey', in: 'cookie', name: 'baton_session' },
      },
    },
    paths,
  };
}
