import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { LIMITS } from '@codepiper/protocol';
import '@xterm/xterm/css/xterm.css';
import { TERMINAL_SCROLLBACK_ROWS, TERMINAL_WRITE_SLICE_BYTES } from '../constants';
import { AckTracker } from './ack-tracker';
import { terminalTheme } from './terminal-theme';
import { viewerScale } from './viewer-fit';

export interface TerminalViewOptions {
  /** The scrolling box the terminal is fitted or scaled into. */
  viewport: HTMLElement;
  /** The element xterm opens in; a child of `viewport`, positioned absolutely at its top left. */
  host: HTMLElement;
  fontSize: number;
  dark: boolean;
  /** Keys typed into the terminal (desktop keyboards, or a phone's when the terminal has focus). */
  onData(data: string): void;
  /** Flow control: output before `offset` has been parsed. */
  onAck(offset: number): void;
  /** The size this client's box holds: reported to the daemon, used when this client takes control. */
  onFittedSize(cols: number, rows: number): void;
}

/** Full reset (RIS), written in order with the output so that bytes still queued cannot land after it. */
const RESET = '\x1bc';

/**
 * One xterm.js terminal showing one session. In control it fills its box and the pty follows its size;
 * as a viewer it keeps the pty's size and is scaled down to fit, so full-screen programs look exactly
 * as they do for the controller.
 */
export class TerminalView {
  readonly term: Terminal;
  private readonly fit = new FitAddon();
  private readonly ack: AckTracker;
  private inControl = false;
  private ptySize: { cols: number; rows: number } | undefined;
  private fitted: { cols: number; rows: number } | undefined;
  private disposed = false;
  /** The size the owner chose (A−/A+); a viewer may draw smaller to fit. */
  private fontSize: number;

  constructor(private readonly options: TerminalViewOptions) {
    this.fontSize = options.fontSize;
    this.term = new Terminal({
      fontSize: options.fontSize,
      fontFamily: 'ui-monospace, "SF Mono", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      scrollback: TERMINAL_SCROLLBACK_ROWS,
      theme: terminalTheme(options.dark),
      cursorBlink: false,
      allowProposedApi: false,
      // Links are opened by the web-links addon; OSC 8 hyperlinks get the same confirmation-free open.
      linkHandler: { activate: (_event, uri) => openLink(uri) },
    });
    this.ack = new AckTracker(options.onAck);
    this.term.loadAddon(this.fit);
    this.term.loadAddon(new WebLinksAddon((_event, uri) => openLink(uri)));
    this.term.open(options.host);
    this.term.onData((data) => options.onData(data));
    this.term.attachCustomKeyEventHandler((event) => this.copyShortcut(event));
    void this.loadWebgl();
    if (navigator.webdriver) exposeForAutomation(this.term);
  }

  /** A snapshot: the screen as of `offset`; output continues from there. */
  reset(data: Uint8Array, offset: number): void {
    this.ack.reset(offset);
    this.term.write(RESET);
    this.term.write(data);
  }

  write(data: Uint8Array, offset: number): void {
    for (let at = 0; at < data.length; at += TERMINAL_WRITE_SLICE_BYTES) {
      const piece = data.subarray(at, at + TERMINAL_WRITE_SLICE_BYTES);
      this.term.write(piece, this.ack.wrote(offset + at, piece.length));
    }
  }

  /** Who sizes the pty changed, or the pty's size did. */
  setControl(inControl: boolean, ptyCols: number, ptyRows: number): void {
    this.inControl = inControl;
    this.ptySize = { cols: ptyCols, rows: ptyRows };
    this.layout();
  }

  setFontSize(size: number): void {
    this.fontSize = size;
    this.layout();
  }

  setDark(dark: boolean): void {
    this.term.options.theme = terminalTheme(dark);
  }

  /** The program asked for bracketed paste (DECSET 2004): multi-line prompts go in as one paste. */
  get bracketedPaste(): boolean {
    return this.term.modes.bracketedPasteMode;
  }

  get fittedSize(): { cols: number; rows: number } | undefined {
    return this.fitted;
  }

  focus(): void {
    this.term.focus();
  }

  /** Fits or scales the terminal to its box; call after the box changed size. */
  layout(): void {
    if (this.disposed) return;
    const { host, viewport } = this.options;
    // Measure what this client's box holds at the owner's chosen font size.
    this.setTermFont(this.fontSize);
    host.style.width = '100%';
    host.style.height = '100%';
    const proposed = this.fit.proposeDimensions();
    if (proposed && Number.isFinite(proposed.cols) && Number.isFinite(proposed.rows)) {
      const cols = Math.min(LIMITS.maxCols, Math.max(LIMITS.minCols, proposed.cols));
      const rows = Math.min(LIMITS.maxRows, Math.max(LIMITS.minRows, proposed.rows));
      if (this.fitted?.cols !== cols || this.fitted.rows !== rows) {
        this.fitted = { cols, rows };
        this.options.onFittedSize(cols, rows);
      }
    }
    const target = this.inControl || !this.ptySize ? this.fitted : this.ptySize;
    if (target && (target.cols !== this.term.cols || target.rows !== this.term.rows)) this.term.resize(target.cols, target.rows);
    if (this.inControl || !this.ptySize) return;
    // A viewer: the pty's own grid, drawn with a smaller font until it fits (a CSS transform would
    // blur the text and confuses the WebGL renderer's pixel sizing), and scrolling past the minimum.
    host.style.width = 'max-content';
    host.style.height = 'max-content';
    const element = this.term.element;
    if (!element) return;
    const scale = viewerScale({ width: viewport.clientWidth, height: viewport.clientHeight }, { width: element.offsetWidth, height: element.offsetHeight });
    if (scale < 1) this.setTermFont(Math.max(1, Math.floor(this.fontSize * scale * 4) / 4));
  }

  private setTermFont(size: number): void {
    if (this.term.options.fontSize !== size) this.term.options.fontSize = size;
  }

  dispose(): void {
    this.disposed = true;
    this.term.dispose();
  }

  /** Ctrl/Cmd+C with a selection copies it instead of interrupting the program; Ctrl+Shift+C always copies. */
  private copyShortcut(event: KeyboardEvent): boolean {
    if (event.type !== 'keydown' || event.key.toLowerCase() !== 'c' || !(event.ctrlKey || event.metaKey)) return true;
    if (!this.term.hasSelection()) return !event.shiftKey;
    void navigator.clipboard?.writeText(this.term.getSelection()).catch(() => undefined);
    if (!event.shiftKey) this.term.clearSelection();
    event.preventDefault();
    return false;
  }

  /**
   * The GPU renderer on desktops with WebGL2; the DOM renderer on touch devices, otherwise, and after
   * a lost context. Phones lose WebGL contexts whenever a tab is suspended and draw a phone-sized
   * terminal fast enough without it; the DOM renderer also stays sharp under pinch zoom.
   */
  private async loadWebgl(): Promise<void> {
    if (!window.matchMedia('(pointer: fine)').matches || !supportsWebgl2()) return;
    try {
      const { WebglAddon } = await import('@xterm/addon-webgl');
      if (this.disposed) return;
      const addon = new WebglAddon();
      addon.onContextLoss(() => addon.dispose());
      this.term.loadAddon(addon);
    } catch {
      // The DOM renderer stays in place: slower on floods, identical on screen.
    }
  }
}

/**
 * Under browser automation only (navigator.webdriver), the end-to-end tests read what the terminal
 * shows: the WebGL renderer draws to a canvas, so there is no DOM text to read.
 */
function exposeForAutomation(term: Terminal): void {
  const target = window as unknown as { codepiperTerminal?: { text(): string; size(): { cols: number; rows: number; fontSize: number } } };
  target.codepiperTerminal = {
    text: () => {
      const buffer = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
      return lines.join('\n');
    },
    size: () => ({ cols: term.cols, rows: term.rows, fontSize: term.options.fontSize ?? 0 }),
  };
}

/**
 * WebGL2 drawn by a GPU. A software implementation (SwiftShader, llvmpipe: what a machine without a
 * usable GPU gets) draws the terminal far slower than the DOM renderer: measured in Debian's Chromium
 * on 2 cores, xterm.js took 20 MB of output at 2.4 MB/s with WebGL on SwiftShader and 19 MB/s with
 * the DOM renderer, and a flood froze the page for up to half a second per frame.
 */
function supportsWebgl2(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return !/swiftshader|llvmpipe|softpipe|software/i.test(renderer);
  } catch {
    return false;
  }
}

function openLink(uri: string): void {
  if (!/^https?:\/\//i.test(uri)) return;
  const opened = window.open(uri, '_blank', 'noopener,noreferrer');
  opened?.focus();
}
