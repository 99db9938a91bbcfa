/**
 * Headers of the public read API: any origin may read it (the widget runs inside other
 * people's apps) and may see the ETag for conditional requests. Admin routes get none of this.
 */
export const PUBLIC_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag',
} as const;

/** Whether a URL belongs to the public read API. */
export function isPublicRead(url: string): boolean {
  return url.startsWith('/api/v1/') && !url.startsWith('/api/v1/admin');
}
