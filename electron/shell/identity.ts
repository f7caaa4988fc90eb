// Who the app is to the operating system. The appId must equal electron-builder's `appId`: Windows ties
// toasts to the Start-menu shortcut carrying this id, and without the match notifications never appear.

import { APP_FOLDER } from '../core/paths';

export const APP_ID = 'com.callalerts.desktop';
export const PRODUCT_NAME = APP_FOLDER;
/** Passed by the login item so a start at login stays in the tray. */
export const HIDDEN_FLAG = '--hidden';
