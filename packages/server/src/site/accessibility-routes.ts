import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { ACCESSIBILITY_PATH, AccessibilityPage } from './pages/accessibility-page.js';
import { renderPage } from './render-page.js';
import { renderedPage } from './rendered-page.js';
import type { SiteContext } from './site-routes.js';

/**
 * `/tilgaengelighed`: the accessibility statement, Danish, English with `?lang=en`. Rendered
 * once per change like every page (it lists the vendors' service desks for feedback).
 *
 * @example
 * registerAccessibilityRoutes(app, site); // in registerSiteRoutes
 */
export function registerAccessibilityRoutes(app: FastifyInstance, { readModel, pages }: SiteContext): void {
  app.get(ACCESSIBILITY_PATH, (request, reply) =>
    pages.answer(request, reply, ACCESSIBILITY_PATH, (lang) =>
      renderedPage(200, renderPage(h(AccessibilityPage, { vendors: readModel.current().view.summary.vendors, lang }))),
    ),
  );
}
