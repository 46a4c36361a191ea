// Every channel of the renderer↔core contract accepts its good messages and rejects bad ones,
// and the wire envelopes of both hosts do the same.
import { describe, expect, it } from 'vitest';
import { InvokeResultSchema, EventEnvelopeSchema } from '../../../electron/main/ipc-protocol.js';
import { eventChannels, requestChannels, type EventChannel, type RequestChannel } from '../../../electron/shared/api-contract.js';
import { ClientMessageSchema, ServerMessageSchema } from '../../../electron/web/wire-protocol.js';
import { eventSamples, requestSamples } from './channel-samples.js';

describe('request channels', () => {
  it('every channel has samples (add them when you add a channel)', () => {
    expect(Object.keys(requestSamples).sort()).toEqual(Object.keys(requestChannels).sort());
    expect(Object.keys(eventSamples).sort()).toEqual(Object.keys(eventChannels).sort());
  });

  for (const channel of Object.keys(requestChannels) as RequestChannel[]) {
    it(`${channel}: accepts good requests and replies, rejects bad ones`, () => {
      const schemas = requestChannels[channel];
      const samples = requestSamples[channel];
      for (const good of samples.good) expect(schemas.request.safeParse(good).success, JSON.stringify(good)).toBe(true);
      for (const bad of samples.badRequests) expect(schemas.request.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
      expect(schemas.reply.safeParse(samples.reply).success).toBe(true);
      for (const bad of samples.badReplies) expect(schemas.reply.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    });
  }
});

describe('event channels', () => {
  for (const channel of Object.keys(eventChannels) as EventChannel[]) {
    it(`${channel}: accepts good payloads, rejects bad ones`, () => {
      for (const good of eventSamples[channel].good) expect(eventChannels[channel].safeParse(good).success, JSON.stringify(good)).toBe(true);
      for (const bad of eventSamples[channel].bad) expect(eventChannels[channel].safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    });
  }
});

describe('wire envelopes', () => {
  it('web host: requests, replies, errors and events', () => {
    expect(ClientMessageSchema.safeParse({ type: 'request', id: 1, channel: 'app.info', request: {} }).success).toBe(true);
    expect(ClientMessageSchema.safeParse({ type: 'request', id: -1, channel: 'app.info', request: {} }).success).toBe(false);
    expect(ClientMessageSchema.safeParse({ type: 'reply', id: 1, reply: {} }).success).toBe(false);
    expect(ServerMessageSchema.safeParse({ type: 'reply', id: 1, reply: { any: 'thing' } }).success).toBe(true);
    expect(ServerMessageSchema.safeParse({ type: 'error', id: null, error: { code: 'x', message: 'y' } }).success).toBe(true);
    expect(ServerMessageSchema.safeParse({ type: 'error', id: 1, error: { message: 'no code' } }).success).toBe(false);
    expect(ServerMessageSchema.safeParse({ type: 'event', channel: 'cell.status', payload: {} }).success).toBe(true);
    expect(ServerMessageSchema.safeParse({ type: 'event', payload: {} }).success).toBe(false);
  });

  it('Electron IPC: invoke results and event envelopes', () => {
    expect(InvokeResultSchema.safeParse({ ok: true, reply: null }).success).toBe(true);
    expect(InvokeResultSchema.safeParse({ ok: false, error: { code: 'c', message: 'm' } }).success).toBe(true);
    expect(InvokeResultSchema.safeParse({ ok: false, reply: 1 }).success).toBe(false);
    expect(EventEnvelopeSchema.safeParse({ channel: 'app.command', payload: { command: 'save' } }).success).toBe(true);
    expect(EventEnvelopeSchema.safeParse({ channel: '', payload: 1 }).success).toBe(false);
  });
});
