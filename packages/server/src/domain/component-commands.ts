import type { Component, ServiceLevel, Vendor } from '@kdi-status/sdk';
import type { CreateComponentRequest, EditComponentRequest, PutVendorRequest, SetComponentStatusRequest } from '@kdi-status/sdk/admin';
import { assertAdmin, assertOwnsComponents } from './authorization.js';
import { changed, patched, type Decision } from './decision.js';
import { assertValidDependencies } from './dependency-graph.js';
import { ConflictError, NotFoundError, UnprocessableError } from './errors.js';
import { existingVendor, liveComponent, type WriteContext } from './write-context.js';

function live(ctx: WriteContext, id: string): Component {
  const component = liveComponent(ctx, id);
  if (!component) throw new NotFoundError('component_not_found', `No component "${id}".`);
  return component;
}

/**
 * Validates the dependencies of `component` against every other live component, as they would be
 * after the change: each named once, each known, no cycle.
 */
function assertDependenciesOf(ctx: WriteContext, component: Component): void {
  const twice = component.dependsOn.flatMap((id, index) =>
    component.dependsOn.indexOf(id) < index ? [{ field: `dependsOn.${index}`, message: `"${id}" is named twice` }] : [],
  );
  if (twice.length) throw new UnprocessableError('duplicate_dependency', twice);
  const others = [...ctx.components.values()].filter((c) => !c.retiredAt && c.id !== component.id);
  assertValidDependencies([...others, component], 'dependsOn');
}

/**
 * Sets a component's own status by hand, with the reason (the audit trail keeps both).
 *
 * @example
 * setComponentStatus(ctx, 'sts', { status: 'degraded_performance', reason: 'Langsomme opslag' });
 */
export function setComponentStatus(ctx: WriteContext, id: string, request: SetComponentStatusRequest): Decision<Component> {
  const component = live(ctx, id);
  assertOwnsComponents(ctx.principal, [component]);
  return changed('component.changed', { ...component, status: request.status, statusReason: request.reason }, component);
}

/**
 * Adds a component (admin), operational; its dependencies must exist and form no cycle.
 *
 * @example
 * createComponent(ctx, { id: 'ydelsesindeks', name: 'Ydelsesindeks', kind: 'support-system', vendor: 'infra-drift', dependsOn: ['sts'] });
 */
export function createComponent(
  ctx: WriteContext,
  request: CreateComponentRequest & { dependsOn: string[]; links: Component['links'] },
): Decision<Component> {
  assertAdmin(ctx.principal, 'create components');
  if (ctx.components.has(request.id)) {
    const retired = ctx.components.get(request.id)!.retiredAt;
    throw new ConflictError(
      'component_exists',
      `Component "${request.id}" already exists${retired ? ' (retired; ids are never reused)' : ''}.`,
    );
  }
  existingVendor(ctx, request.vendor, 'vendor');
  const component: Component = { ...request, status: 'operational' };
  assertDependenciesOf(ctx, component);
  return changed('component.changed', component);
}

/**
 * Changes a component's fields (admin). A dependency edit that names an unknown component or
 * would close a cycle is refused with 422 naming it.
 *
 * @example
 * editComponent(ctx, 'sts', { dependsOn: ['administrationsmodul'] });
 * editComponent(ctx, 'sts', { serviceLevel: { uptimePercent: 99.5, firstUpdateMinutes: { critical: 15 } } });
 */
export function editComponent(ctx: WriteContext, id: string, request: EditComponentRequest): Decision<Component> {
  assertAdmin(ctx.principal, 'edit components');
  const component = live(ctx, id);
  if (request.vendor) existingVendor(ctx, request.vendor, 'vendor');
  const { serviceLevel, ...fields } = request;
  const edited = withServiceLevel(patched(component, fields), serviceLevel);
  assertDependenciesOf(ctx, edited);
  return changed('component.changed', edited, component);
}

/** `component` with its targets as a PATCH asks: new ones (whole), none for `null`, as they were when absent. */
function withServiceLevel(component: Component, patch: ServiceLevel | null | undefined): Component {
  if (patch === undefined) return component;
  const { serviceLevel: _old, ...rest } = component;
  return patch === null ? rest : { ...rest, serviceLevel: patch };
}

/**
 * Retires a component (admin): kept for history, gone from every public list, its id never
 * reused. Refused while live components depend on it or open incidents or maintenance name it.
 *
 * @example
 * retireComponent(ctx, 'old-system');
 */
export function retireComponent(ctx: WriteContext, id: string): Decision<Component> {
  assertAdmin(ctx.principal, 'retire components');
  const component = live(ctx, id);
  const users = [
    ...[...ctx.components.values()].filter((c) => !c.retiredAt && c.dependsOn.includes(id)).map((c) => `component "${c.id}" depends on it`),
    ...ctx.openIncidents.filter((i) => i.components.some((c) => c.id === id)).map((i) => `open incident ${i.id} names it`),
    ...ctx.openMaintenances.filter((m) => m.components.includes(id)).map((m) => `maintenance ${m.id} names it`),
  ];
  if (users.length) {
    throw new UnprocessableError(
      'component_in_use',
      users.map((message) => ({ field: 'id', message })),
      `Component "${id}" cannot be retired yet: ${users.join('; ')}.`,
    );
  }
  return changed('component.changed', { ...component, retiredAt: ctx.now.toISOString() });
}

/**
 * Creates or changes a vendor (admin).
 *
 * @example
 * putVendor(ctx, 'fagsys-nord', { name: 'Fagsystemer Nord A/S', servicedesk: { email: 'support@nord.example' } });
 */
export function putVendor(ctx: WriteContext, id: string, request: PutVendorRequest): Decision<Vendor> {
  assertAdmin(ctx.principal, 'change vendors');
  const vendor: Vendor = { id, ...request };
  return changed('vendor.changed', vendor, ctx.vendors.get(id));
}
