import type { Role, User } from './types';

/** What a page receives: route parameters, query, the signed-in user and navigation. */
export interface PageContext {
  params: string[];
  query: URLSearchParams;
  user: User;
  navigate(path: string, replace?: boolean): void;
}

/** A rendered page; dispose() stops its timers and live subscriptions when leaving. */
export interface PageView {
  title: string;
  el: HTMLElement;
  dispose?(): void;
}

export interface Route {
  pattern: RegExp;
  roles: Role[];
  page: (ctx: PageContext) => PageView;
}

/** Each role's home page. */
export const HOME: Record<Role, string> = {
  coordinator: '/board',
  admin: '/county',
  volunteer: '/tasks',
  organisation: '/tasks',
  charity: '/charity',
};

export function match(routes: Route[], path: string): { route: Route; params: string[] } | null {
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1).map(decodeURIComponent) };
  }
  return null;
}
