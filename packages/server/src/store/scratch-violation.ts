import { openIncident } from '../domain/incident-commands.js';
export const layerViolation = openIncident;
