import type { ZooScopeApi } from '../src/store/controller.ts';

declare global {
  interface Window {
    zooscope: ZooScopeApi;
  }
}
