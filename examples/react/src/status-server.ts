/**
 * Where the status server is, fixed at build time (`VITE_KDI_STATUS_SERVER=https://status.example.dk
 * vite build`). A fagløsning configures it like any other backend URL: never from the page's own
 * query string, where a crafted link could point the widget at a server that invents outages.
 *
 * @example
 * <kdi-status server={STATUS_SERVER} components="ky" />
 */
export const STATUS_SERVER: string = import.meta.env.VITE_KDI_STATUS_SERVER ?? 'http://localhost:3000';
