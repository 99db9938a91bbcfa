import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import type { ReadModelHolder } from '../read/read-model.js';
import { createPageResponder } from './page-responder.js';
import { renderedPage } from './rendered-page.js';

describe('the site page responder', () => {
  it('renders a page once per change, and made-up paths (404s) never push it out of the cache', async () => {
    let sequence = 1;
    const readModel = { current: () => ({ view: { summary: { sequence } } }) } as unknown as ReadModelHolder;
    const pages = createPageResponder(readModel);
    const renders = new Map<string, number>();
    const app = Fastify();
    app.get<{ Params: { id: string } }>('/x/:id', (request, reply) =>
      pages.answer(request, reply, `/x/${request.params.id}`, (lang) => {
        renders.set(request.params.id, (renders.get(request.params.id) ?? 0) + 1);
        return request.params.id === 'real' ? renderedPage(200, `<p>${'x'.repeat(1000)}</p>`) : pages.notFound(lang);
      }),
    );
    assert.equal((await app.inject('/x/real')).statusCode, 200);
    assert.equal((await app.inject('/x/real')).statusCode, 200);
    for (let i = 0; i < 1500; i++) assert.equal((await app.inject(`/x/nope-${i}`)).statusCode, 404);
    assert.equal((await app.inject('/x/nope-1')).statusCode, 404);
    assert.equal((await app.inject('/x/real')).statusCode, 200);
    assert.equal(renders.get('real'), 1, 'the real page was rendered once');
    assert.equal(renders.get('nope-1'), 2, 'a 404 is rendered each time, not kept');
    sequence = 2;
    await app.inject('/x/real');
    assert.equal(renders.get('real'), 2, 'a change renders it again');
    await app.close();
  });
});
