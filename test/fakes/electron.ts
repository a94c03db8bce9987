/**
 * A fake `electron` module for tests of main/shell and the preload, in the
 * spirit of GitHub Desktop's and Mattermost's mocks: the same names and call
 * shapes as Electron, recording what the code under test did, plus helpers to
 * play the user or the OS (navigate, click the tray, press a notification
 * button, invoke an IPC channel as a given sender).
 *
 * `createFakeElectron()` gives a fresh, isolated set per test. The module's
 * own exports (one shared set, also as `default`) exist for
 * `vi.mock('electron', () => import('../fakes/electron'))`, where the code
 * under test imports electron itself.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type {
  BrowserWindowConstructorOptions,
  MenuItemConstructorOptions,
  NotificationConstructorOptions,
  Point,
  Rectangle,
} from 'electron';

export interface FakeEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

export function fakeEvent<P extends object>(params: P = {} as P): FakeEvent & P {
  let prevented = false;
  return Object.assign(
    {
      preventDefault() {
        prevented = true;
      },
      get defaultPrevented() {
        return prevented;
      },
    },
    params,
  );
}

export interface FakeDisplay {
  id: number;
  bounds: Rectangle;
  workArea: Rectangle;
  scaleFactor: number;
}

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: unknown,
) => void;
type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  origin?: string,
) => boolean;
type IpcHandler = (event: FakeIpcMainInvokeEvent, ...args: unknown[]) => unknown;

export interface FakeIpcMainInvokeEvent {
  sender: { id: number };
  senderFrame: FakeWebFrame | null;
  processId: number;
  frameId: number;
}

export class FakeWebFrame {
  constructor(
    public url: string,
    public readonly parent: FakeWebFrame | null = null,
  ) {}

  /** A child frame (an iframe) of this one. */
  child(url: string): FakeWebFrame {
    return new FakeWebFrame(url, this);
  }
}

function contains(rect: Rectangle, p: Point): boolean {
  return p.x >= rect.x && p.x < rect.x + rect.width && p.y >= rect.y && p.y < rect.y + rect.height;
}

function distanceTo(rect: Rectangle, p: Point): number {
  const dx = Math.max(rect.x - p.x, 0, p.x - (rect.x + rect.width - 1));
  const dy = Math.max(rect.y - p.y, 0, p.y - (rect.y + rect.height - 1));
  return Math.hypot(dx, dy);
}

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export function createFakeElectron(opts: { platform?: NodeJS.Platform } = {}) {
  const platform = opts.platform ?? process.platform;
  let nextWebContentsId = 1;

  class FakeSession {
    permissionRequestHandler: PermissionRequestHandler | null = null;
    permissionCheckHandler: PermissionCheckHandler | null = null;

    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
      this.permissionRequestHandler = handler;
    }

    setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
      this.permissionCheckHandler = handler;
    }

    /** As a page asking for `permission`; Chromium grants when no handler is set. */
    requestPermission(permission: string): Promise<boolean> {
      const handler = this.permissionRequestHandler;
      if (!handler) return Promise.resolve(true);
      return new Promise((resolve) => handler(null, permission, resolve, {}));
    }

    checkPermission(permission: string): boolean {
      return this.permissionCheckHandler ? this.permissionCheckHandler(null, permission, '') : true;
    }
  }

  class FakeWebContents extends EventEmitter {
    readonly id = nextWebContentsId++;
    readonly session = new FakeSession();
    readonly mainFrame = new FakeWebFrame('about:blank');
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    readonly sent: { channel: string; args: unknown[] }[] = [];
    devToolsOpened = false;
    destroyed = false;

    getURL(): string {
      return this.mainFrame.url;
    }

    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }

    send(channel: string, ...args: unknown[]): void {
      this.sent.push({ channel, args });
    }

    isDestroyed(): boolean {
      return this.destroyed;
    }

    isDevToolsOpened(): boolean {
      return this.devToolsOpened;
    }

    isCrashed(): boolean {
      return false;
    }

    /** The page navigates its main frame; returns whether the navigation went ahead. */
    navigate(url: string): boolean {
      const event = fakeEvent({
        url,
        isMainFrame: true,
        isSameDocument: false,
        frame: this.mainFrame,
      });
      this.emit('will-navigate', event, url, false, true);
      if (!event.defaultPrevented) this.mainFrame.url = url;
      return !event.defaultPrevented;
    }

    /** A server redirect during navigation; returns whether it went ahead. */
    redirect(url: string): boolean {
      const event = fakeEvent({
        url,
        isMainFrame: true,
        isSameDocument: false,
        frame: this.mainFrame,
      });
      this.emit('will-redirect', event, url, false, true);
      return !event.defaultPrevented;
    }

    /** The page calls window.open or follows a target=_blank link. */
    openWindow(url: string): { action: string } {
      return this.windowOpenHandler ? this.windowOpenHandler({ url }) : { action: 'allow' };
    }

    /** The page adds a <webview>; returns whether it was allowed to attach. */
    attachWebview(src: string): boolean {
      const event = fakeEvent();
      this.emit('will-attach-webview', event, {}, { src });
      return !event.defaultPrevented;
    }

    pressKey(key: string): FakeEvent {
      const event = fakeEvent();
      const input = {
        type: 'keyDown',
        key,
        code: key,
        shift: false,
        control: false,
        alt: false,
        meta: false,
      };
      this.emit('before-input-event', event, input);
      return event;
    }
  }

  class FakeBrowserWindow extends EventEmitter {
    static readonly instances: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    visible = false;
    focused = false;
    destroyed = false;
    position: [number, number] = [0, 0];
    size: [number, number];
    loadedUrl: string | null = null;
    visibleOnAllWorkspaces = false;

    constructor(readonly options: BrowserWindowConstructorOptions = {}) {
      super();
      this.size = [options.width ?? 800, options.height ?? 600];
      this.visible = options.show ?? true;
      FakeBrowserWindow.instances.push(this);
    }

    static getAllWindows(): FakeBrowserWindow[] {
      return FakeBrowserWindow.instances.filter((w) => !w.destroyed);
    }

    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }

    show(): void {
      this.visible = true;
      this.emit('show');
    }

    hide(): void {
      this.visible = false;
      this.emit('hide');
    }

    focus(): void {
      this.focused = true;
      this.emit('focus');
    }

    /** The user clicks somewhere else. */
    blur(): void {
      this.focused = false;
      this.emit('blur', fakeEvent());
    }

    isVisible(): boolean {
      return this.visible;
    }

    isDestroyed(): boolean {
      return this.destroyed;
    }

    /** Cmd+W / Alt+F4: 'close' may be prevented. */
    close(): void {
      const event = fakeEvent();
      this.emit('close', event);
      if (!event.defaultPrevented) this.destroy();
    }

    destroy(): void {
      this.destroyed = true;
      this.visible = false;
      this.webContents.destroyed = true;
      this.emit('closed');
    }

    setPosition(x: number, y: number): void {
      this.position = [x, y];
    }

    getPosition(): number[] {
      return [...this.position];
    }

    getSize(): number[] {
      return [...this.size];
    }

    setVisibleOnAllWorkspaces(visible: boolean): void {
      this.visibleOnAllWorkspaces = visible;
    }
  }

  class FakeMenu {
    /** What Menu.setApplicationMenu was last given (undefined: never called). */
    static applicationMenu: FakeMenu | null | undefined = undefined;

    constructor(readonly template: MenuItemConstructorOptions[]) {}

    static buildFromTemplate(template: MenuItemConstructorOptions[]): FakeMenu {
      return new FakeMenu(template);
    }

    static setApplicationMenu(menu: FakeMenu | null): void {
      FakeMenu.applicationMenu = menu;
    }

    static getApplicationMenu(): FakeMenu | null {
      return FakeMenu.applicationMenu ?? null;
    }

    item(label: string): MenuItemConstructorOptions {
      const found = this.template.find((i) => i.label === label);
      if (!found) throw new Error(`No menu item "${label}" in ${this.labels().join(', ')}`);
      return found;
    }

    labels(): string[] {
      return this.template.map((i) => (i.type === 'separator' ? '---' : (i.label ?? '')));
    }

    /** The user picks an item (Electron flips a checkbox before calling click). */
    click(label: string): void {
      const item = this.item(label);
      if (item.enabled === false) throw new Error(`Menu item "${label}" is disabled`);
      if (item.type === 'checkbox') item.checked = !item.checked;
      item.click?.(undefined as never, undefined, undefined as never);
    }
  }

  class FakeNativeImage {
    template = false;

    constructor(readonly path: string) {}

    isEmpty(): boolean {
      return this.path === '';
    }

    setTemplateImage(option: boolean): void {
      this.template = option;
    }

    isTemplateImage(): boolean {
      return this.template;
    }
  }

  const nativeImage = {
    createFromPath: (path: string) => new FakeNativeImage(path),
    createEmpty: () => new FakeNativeImage(''),
  };

  class FakeTray extends EventEmitter {
    static readonly instances: FakeTray[] = [];
    tooltip = '';
    title = '';
    contextMenu: FakeMenu | null = null;
    readonly poppedUp: FakeMenu[] = [];
    bounds: Rectangle = { x: 0, y: 0, width: 0, height: 0 };
    destroyed = false;

    constructor(public image: unknown) {
      super();
      FakeTray.instances.push(this);
    }

    setImage(image: unknown): void {
      this.image = image;
    }

    setToolTip(toolTip: string): void {
      this.tooltip = toolTip;
    }

    setTitle(title: string): void {
      this.title = title;
    }

    setContextMenu(menu: object | null): void {
      this.contextMenu = menu as FakeMenu | null;
    }

    popUpContextMenu(menu?: object): void {
      const shown = (menu ?? this.contextMenu) as FakeMenu | null;
      if (shown) this.poppedUp.push(shown);
    }

    getBounds(): Rectangle {
      return { ...this.bounds };
    }

    destroy(): void {
      this.destroyed = true;
    }

    isDestroyed(): boolean {
      return this.destroyed;
    }

    click(): void {
      this.emit('click', fakeEvent(), this.getBounds(), { x: this.bounds.x, y: this.bounds.y });
    }

    rightClick(): void {
      this.emit('right-click', fakeEvent(), this.getBounds());
    }
  }

  class FakeNotification extends EventEmitter {
    static readonly instances: FakeNotification[] = [];
    static supported = true;
    shown = false;
    closed = false;

    constructor(readonly options: NotificationConstructorOptions = {}) {
      super();
      FakeNotification.instances.push(this);
    }

    static isSupported(): boolean {
      return FakeNotification.supported;
    }

    show(): void {
      this.shown = true;
      this.emit('show', fakeEvent());
    }

    close(): void {
      if (this.closed) return;
      this.closed = true;
      this.emit('close', fakeEvent({ reason: 'userCanceled' }));
    }

    /** The user presses the button at `index`: Electron 45 passes it in the details and, deprecated, as 2nd argument. */
    pressAction(index: number): void {
      this.emit('action', fakeEvent({ actionIndex: index, selectionIndex: -1 }), index, -1);
    }

    clickBody(): void {
      this.emit('click', fakeEvent());
    }
  }

  class FakeIpcMain extends EventEmitter {
    readonly handlers = new Map<string, IpcHandler>();

    handle(channel: string, handler: IpcHandler): void {
      if (this.handlers.has(channel)) {
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      }
      this.handlers.set(channel, handler);
    }

    removeHandler(channel: string): void {
      this.handlers.delete(channel);
    }

    /** Invoke `channel` as the renderer of `sender` would (from its main frame unless `frame` is given). */
    async invokeAs(
      sender: { webContents: FakeWebContents; frame?: FakeWebFrame | null },
      channel: string,
      ...args: unknown[]
    ): Promise<unknown> {
      const handler = this.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const frame = sender.frame === undefined ? sender.webContents.mainFrame : sender.frame;
      // Electron structured-clones arguments and results across the process boundary.
      const result = await handler(
        { sender: { id: sender.webContents.id }, senderFrame: frame, processId: 1, frameId: 1 },
        ...structuredClone(args),
      );
      return structuredClone(result);
    }
  }

  class FakeIpcRenderer extends EventEmitter {
    readonly invoked: { channel: string; args: unknown[] }[] = [];
    reply: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: null });

    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      this.invoked.push({ channel, args });
      return Promise.resolve(this.reply(channel, args));
    }

    /** Main pushes `payload` on `channel` (webContents.send). */
    receive(channel: string, payload: unknown): void {
      this.emit(channel, { sender: this, senderId: 0, ports: [] }, payload);
    }
  }

  const contextBridge = {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld(apiKey: string, api: unknown): void {
      if (contextBridge.exposed.has(apiKey))
        throw new Error(`Cannot bind an API on top of ${apiKey}`);
      contextBridge.exposed.set(apiKey, api);
    },
  };

  class FakePowerMonitor extends EventEmitter {
    idleState: 'active' | 'idle' | 'locked' | 'unknown' = 'active';
    readonly idleQueries: number[] = [];

    getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown' {
      this.idleQueries.push(idleThreshold);
      return this.idleState;
    }
  }

  // Reversible but not the identity, so a test can tell cipher text from plain text. The mark
  // names the key ('v10' first): rotateKey() makes a new one, whose older output still
  // decrypts but with shouldReEncrypt, as Chromium's os_crypt_async does after a rotation.
  let keyVersion = 10;
  const mark = () => `v${keyVersion}`;
  const seal = (plainText: string): Buffer =>
    Buffer.concat([Buffer.from(mark()), Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a)]);
  const open = (encrypted: Buffer): { result: string; shouldReEncrypt: boolean } => {
    const head = /^v(\d{2})/.exec(encrypted.subarray(0, 3).toString('latin1'));
    const version = head ? Number(head[1]) : NaN;
    if (!(version >= 10 && version <= keyVersion)) {
      throw new Error('Error while decrypting the ciphertext');
    }
    const result = Buffer.from(encrypted.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
    return { result, shouldReEncrypt: version !== keyVersion };
  };
  /** Electron 45 deprecates (46 removes) the synchronous calls: the fake counts and refuses them. */
  const deprecated = (name: string) => {
    safeStorage.syncCalls.push(name);
    return new Error(`safeStorage.${name} is deprecated: use the asynchronous API`);
  };
  const safeStorage = {
    available: true,
    backend: 'gnome_libsecret' as string,
    /** Every call of a deprecated synchronous member, by name. */
    syncCalls: [] as string[],
    /** Calls of the asynchronous members, by name. */
    asyncCalls: [] as string[],
    /** A new key: what was encrypted before decrypts with shouldReEncrypt. */
    rotateKey(): void {
      keyVersion += 1;
    },
    getSelectedStorageBackend: () => (platform === 'linux' ? safeStorage.backend : 'unknown'),
    isAsyncEncryptionAvailable(): Promise<boolean> {
      safeStorage.asyncCalls.push('isAsyncEncryptionAvailable');
      return Promise.resolve(safeStorage.available);
    },
    encryptStringAsync(plainText: string): Promise<Buffer> {
      safeStorage.asyncCalls.push('encryptStringAsync');
      if (!safeStorage.available) return Promise.reject(new Error('Encryption is not available.'));
      return Promise.resolve(seal(plainText));
    },
    decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
      safeStorage.asyncCalls.push('decryptStringAsync');
      if (!safeStorage.available) return Promise.reject(new Error('Decryption is not available.'));
      try {
        return Promise.resolve(open(encrypted));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    isEncryptionAvailable(): boolean {
      throw deprecated('isEncryptionAvailable');
    },
    encryptString(_plainText: string): Buffer {
      throw deprecated('encryptString');
    },
    decryptString(_encrypted: Buffer): string {
      throw deprecated('decryptString');
    },
  };

  class FakeNativeTheme extends EventEmitter {
    shouldUseDarkColors = false;
    shouldUseHighContrastColors = false;
    themeSource: 'system' | 'light' | 'dark' = 'system';

    /** The OS switches between light and dark. */
    setDark(dark: boolean): void {
      this.shouldUseDarkColors = dark;
      this.emit('updated');
    }
  }

  type ProtocolHandler = (request: Request) => Response | Promise<Response>;
  interface PrivilegedScheme {
    scheme: string;
    privileges: Record<string, boolean>;
  }

  const protocol = {
    privileged: [] as PrivilegedScheme[],
    handlers: new Map<string, ProtocolHandler>(),
    registerSchemesAsPrivileged(schemes: PrivilegedScheme[]): void {
      protocol.privileged.push(...schemes);
    },
    handle(scheme: string, handler: ProtocolHandler): void {
      if (protocol.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
      protocol.handlers.set(scheme, handler);
    },
    unhandle(scheme: string): void {
      protocol.handlers.delete(scheme);
    },
    isProtocolHandled: (scheme: string) => protocol.handlers.has(scheme),
    /** As the renderer loading `url`: the registered handler's response. */
    async request(url: string): Promise<Response> {
      const handler = protocol.handlers.get(new URL(url).protocol.slice(0, -1));
      if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${url}`);
      return handler(new Request(url));
    },
  };

  const net = {
    online: true,
    onlineChecks: 0,
    isOnline(): boolean {
      net.onlineChecks += 1;
      return net.online;
    },
    /** file: URLs are read from disk, as Electron's net.fetch does; tests have no other network. */
    async fetch(input: string | Request): Promise<Response> {
      const url = new URL(typeof input === 'string' ? input : input.url);
      if (url.protocol !== 'file:')
        throw new TypeError(`net::ERR_INTERNET_DISCONNECTED ${url.href}`);
      const body = await readFile(fileURLToPath(url)).catch(() => {
        throw new TypeError(`net::ERR_FILE_NOT_FOUND ${url.href}`);
      });
      return new Response(body, { status: 200 });
    },
  };

  const screen = {
    displays: [
      {
        id: 1,
        bounds: { x: 0, y: 0, width: 1920, height: 1080 },
        workArea: { x: 0, y: 0, width: 1920, height: 1040 },
        scaleFactor: 1,
      },
    ] as FakeDisplay[],
    cursor: { x: 0, y: 0 } as Point,
    getAllDisplays: () => screen.displays,
    getPrimaryDisplay: (): FakeDisplay => {
      const first = screen.displays[0];
      if (!first) throw new Error('No display');
      return first;
    },
    getCursorScreenPoint: (): Point => ({ ...screen.cursor }),
    getDisplayNearestPoint(point: Point): FakeDisplay {
      const inside = screen.displays.find((d) => contains(d.bounds, point));
      if (inside) return inside;
      return (
        [...screen.displays].sort(
          (a, b) => distanceTo(a.bounds, point) - distanceTo(b.bounds, point),
        )[0] ?? screen.getPrimaryDisplay()
      );
    },
    getDisplayMatching(rect: Rectangle): FakeDisplay {
      const best = [...screen.displays].sort(
        (a, b) => overlap(b.bounds, rect) - overlap(a.bounds, rect),
      )[0];
      return best && overlap(best.bounds, rect) > 0
        ? best
        : screen.getDisplayNearestPoint({ x: rect.x, y: rect.y });
    },
  };

  const globalShortcut = {
    registered: new Map<string, () => void>(),
    /** Accelerators another application holds. */
    takenElsewhere: new Set<string>(),
    register(accelerator: string, callback: () => void): boolean {
      // Electron rejects accelerators it cannot parse with an exception.
      if (!/^([A-Za-z]+\+)*[A-Za-z0-9]+$/.test(accelerator)) throw new Error('conversion failure');
      if (
        globalShortcut.takenElsewhere.has(accelerator) ||
        globalShortcut.registered.has(accelerator)
      ) {
        return false;
      }
      globalShortcut.registered.set(accelerator, callback);
      return true;
    },
    unregister(accelerator: string): void {
      globalShortcut.registered.delete(accelerator);
    },
    unregisterAll(): void {
      globalShortcut.registered.clear();
    },
    isRegistered: (accelerator: string) => globalShortcut.registered.has(accelerator),
    press(accelerator: string): void {
      globalShortcut.registered.get(accelerator)?.();
    },
  };

  const shell = {
    opened: [] as string[],
    openedPaths: [] as string[],
    openExternal(url: string): Promise<void> {
      shell.opened.push(url);
      return Promise.resolve();
    },
    openPath(path: string): Promise<string> {
      shell.openedPaths.push(path);
      return Promise.resolve('');
    },
  };

  const dialog = {
    openDialogResult: { canceled: true, filePaths: [] as string[] },
    shown: [] as unknown[],
    showOpenDialog(...args: unknown[]) {
      dialog.shown.push(args);
      return Promise.resolve(dialog.openDialogResult);
    },
    /** What the next save dialogs answer (Electron: canceled, and an empty path when so). */
    saveDialogResult: { canceled: true, filePath: '' },
    showSaveDialog(...args: unknown[]) {
      dialog.shown.push(args);
      return Promise.resolve(dialog.saveDialogResult);
    },
    /** What the next message boxes answer (the button the employee presses). */
    messageBoxResult: { response: 0, checkboxChecked: false },
    showMessageBox(...args: unknown[]) {
      dialog.shown.push(args);
      return Promise.resolve(dialog.messageBoxResult);
    },
    showErrorBox(title: string, content: string): void {
      dialog.shown.push([title, content]);
    },
  };

  interface LoginItemRecord {
    openAtLogin: boolean;
    path?: string;
    args?: string[];
  }

  class FakeApp extends EventEmitter {
    name = 'Daka';
    version = '0.1.0';
    isPackaged = false;
    /** getAppPath(): the folder holding package.json in development. */
    appPath = process.cwd();
    preferredSystemLanguages = ['en-US'];
    readonly paths: Record<string, string> = {
      home: '/home/tester',
      userData: '/home/tester/.config/Daka',
      logs: '/home/tester/.config/Daka/logs',
      temp: '/tmp',
    };
    readonly loginItemCalls: LoginItemRecord[] = [];
    loginItem: LoginItemRecord = { openAtLogin: false };
    wasOpenedAtLogin = false;
    singleInstanceLock = true;
    appUserModelId: string | null = null;
    quitRequested = false;
    readonly dock = {
      hidden: false,
      hide() {
        this.hidden = true;
      },
      show() {
        this.hidden = false;
        return Promise.resolve();
      },
    };

    getName(): string {
      return this.name;
    }

    getVersion(): string {
      return this.version;
    }

    getAppPath(): string {
      return this.appPath;
    }

    getPreferredSystemLanguages(): string[] {
      return [...this.preferredSystemLanguages];
    }

    getPath(name: string): string {
      const path = this.paths[name];
      if (path === undefined) throw new Error(`Failed to get '${name}' path`);
      return path;
    }

    setPath(name: string, path: string): void {
      this.paths[name] = path;
    }

    whenReady(): Promise<void> {
      return Promise.resolve();
    }

    isReady(): boolean {
      return true;
    }

    requestSingleInstanceLock(): boolean {
      return this.singleInstanceLock;
    }

    setAppUserModelId(id: string): void {
      this.appUserModelId = id;
    }

    setLoginItemSettings(settings: LoginItemRecord): void {
      this.loginItemCalls.push(settings);
      this.loginItem = { ...settings };
    }

    /** Windows reports openAtLogin only for the same path and args as registered. */
    getLoginItemSettings(options: { path?: string; args?: string[] } = {}) {
      const same =
        platform !== 'win32' ||
        (options.path === this.loginItem.path &&
          JSON.stringify(options.args ?? []) === JSON.stringify(this.loginItem.args ?? []));
      return {
        openAtLogin: this.loginItem.openAtLogin && same,
        wasOpenedAtLogin: platform === 'darwin' && this.wasOpenedAtLogin,
        status: this.loginItem.openAtLogin ? 'enabled' : 'not-registered',
        executableWillLaunchAtLogin: this.loginItem.openAtLogin,
        launchItems: [],
      };
    }

    quit(): void {
      this.emit('before-quit', fakeEvent());
      this.quitRequested = true;
    }
  }

  return {
    platform,
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    Menu: FakeMenu,
    Tray: FakeTray,
    Notification: FakeNotification,
    nativeImage,
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge,
    powerMonitor: new FakePowerMonitor(),
    safeStorage,
    screen,
    globalShortcut,
    shell,
    dialog,
    nativeTheme: new FakeNativeTheme(),
    protocol,
    net,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type FakeBrowserWindow = InstanceType<FakeElectron['BrowserWindow']>;
export type FakeTray = InstanceType<FakeElectron['Tray']>;
export type FakeMenu = InstanceType<FakeElectron['Menu']>;
export type FakeNotification = InstanceType<FakeElectron['Notification']>;

const shared = createFakeElectron();
export const {
  app,
  BrowserWindow,
  Menu,
  Tray,
  Notification,
  nativeImage,
  ipcMain,
  ipcRenderer,
  contextBridge,
  powerMonitor,
  safeStorage,
  screen,
  globalShortcut,
  shell,
  dialog,
  nativeTheme,
  protocol,
  net,
} = shared;
export default shared;
