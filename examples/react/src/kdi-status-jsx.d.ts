import type { KdiStatusChangeEvent } from '@kdi-status/widget';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

// React 19 passes `server` and `components` to the element as properties and turns
// `onkdi-status-change` into addEventListener('kdi-status-change', …); this tells TypeScript so.
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'kdi-status': DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & {
        server?: string;
        components?: string;
        lang?: string;
        'onkdi-status-change'?: (event: KdiStatusChangeEvent) => void;
      };
    }
  }
}
