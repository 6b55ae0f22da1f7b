import './styles.css';
import { layout } from './components/layout';
import { h, mount } from './dom';
import { live } from './live';
import { loginPage } from './pages/login';
import { notFoundPage } from './pages/not-found';
import { HOME, match, type PageView } from './router';
import { routes } from './routes';
import { session } from './session';

const root = document.getElementById('app')!;
let current: { view: PageView; dispose(): void } | null = null;

function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

function render(): void {
  current?.dispose();
  current = null;
  const url = new URL(location.href);
  const user = session.user();
  if (!user) {
    if (url.pathname !== '/login') history.replaceState(null, '', '/login');
    const view = loginPage({ onSignedIn: (u) => navigate(HOME[u.role], true) });
    document.title = `${view.title} · 五社联动`;
    mount(root, view.el);
    current = { view, dispose: () => view.dispose?.() };
    return;
  }
  live.start();
  if (url.pathname === '/' || url.pathname === '/login') return navigate(HOME[user.role], true);
  // A password the county admin reset must be replaced before anything else (the API refuses the rest).
  if (user.mustChangePassword && url.pathname !== '/account') return navigate('/account', true);
  const found = match(routes, url.pathname);
  const ctx = { params: found?.params ?? [], query: url.searchParams, user, navigate };
  const allowed = found && found.route.roles.includes(user.role);
  const view = allowed ? found.route.page(ctx) : notFoundPage(ctx);
  const shell = layout(user, url.pathname, () => void logout());
  mount(shell.main, view.el);
  mount(root, shell.el);
  document.title = `${view.title} · 五社联动`;
  current = {
    view,
    dispose: () => {
      view.dispose?.();
      shell.dispose();
    },
  };
}

async function logout(): Promise<void> {
  live.stop();
  await session.logout();
}

// In-app links: <a data-link href="/needs/..."> navigate without a reload.
document.addEventListener('click', (e) => {
  const a = (e.target as Element | null)?.closest?.('a[data-link]') as HTMLAnchorElement | null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href')!);
});
window.addEventListener('popstate', render);
// Signing out (here, in another tab, or an expired refresh) returns to the sign-in page.
session.onChange((s) => {
  if (!s) {
    live.stop();
    render();
  }
});
window.addEventListener('storage', (e) => {
  if (e.key === 'wushe.session' && !e.newValue) session.clear();
});

if (!root) throw new Error('#app missing');
mount(root, h('p', { class: 'boot' }, '正在加载…'));
session.resume();
render();
