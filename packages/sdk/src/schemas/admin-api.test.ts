import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { z } from 'zod/mini';
import * as adminApi from './admin-api.js';

/** Every object schema reachable from `schema`, with its path, and whether it refuses unknown keys. */
function objectsIn(schema: z.ZodMiniType, path: string): { path: string; strict: boolean }[] {
  const def = schema._zod.def as unknown as Record<string, z.ZodMiniType | Record<string, z.ZodMiniType> | undefined> & { type: string };
  const inner = (key: string, suffix = '') => (def[key] ? objectsIn(def[key] as z.ZodMiniType, `${path}${suffix}`) : []);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodMiniType>;
      const strict = (def.catchall as z.ZodMiniType | undefined)?._zod.def.type === 'never';
      return [{ path, strict }, ...Object.entries(shape).flatMap(([key, field]) => objectsIn(field, `${path}.${key}`))];
    }
    case 'array':
      return inner('element', '[]');
    case 'optional':
    case 'default':
    case 'nullable':
      return inner('innerType');
    case 'pipe':
      return [...inner('in'), ...inner('out')];
    default:
      return [];
  }
}

const requestSchemas = Object.entries(adminApi).filter(([name]) => /Request(Schema)?$/.test(name) || name === 'AuditQuerySchema') as [
  string,
  z.ZodMiniType,
][];

describe('admin request schemas', () => {
  it('are all found (the walk below checks something)', () => {
    assert.ok(requestSchemas.length >= 14, `found ${requestSchemas.map(([name]) => name).join(', ')}`);
  });

  it('refuse unknown keys at every level, not only the top', () => {
    const loose = requestSchemas.flatMap(([name, schema]) => objectsIn(schema, name).filter((o) => !o.strict));
    assert.deepEqual(loose, []);
  });

  it('name a typo inside a nested object by its path', () => {
    const result = adminApi.OpenIncidentRequestSchema.safeParse({
      title: { da: 't', en_: 'typo' },
      impact: 'major',
      components: [{ id: 'sts', status: 'major_outage' }],
      message: { da: 'm' },
    });
    assert.equal(result.success, false);
    assert.deepEqual(
      result.error?.issues.map((i) => [i.code, i.path.join('.')]),
      [['unrecognized_keys', 'title']],
    );
  });
});
