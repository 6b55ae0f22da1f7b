/** Notifications that reach people: the outbox written with events, its channels and its delivery. */
export { ensureNotificationOutbox, enqueueExpiringResources, enqueueNotifications } from './outbox.js';
export { deliverDue } from './delivery.js';
export { notificationRoutes } from './routes.js';
export { notificationSettings } from './settings.js';
export { outbox } from './repositories/outbox.js';
