/**
 * The {@code websocket} channel: merchants without a public callback URL (a POS back office, a cashier app behind NAT)
 * open a socket to us ({@link dev.merchantnotify.channel.websocket.MerchantSocketEndpoint}, authenticated by a signed
 * {@link dev.merchantnotify.channel.websocket.Handshake}), and receive their notifications on it as frames they
 * acknowledge one by one ({@link dev.merchantnotify.channel.websocket.SocketChannel}). The sockets open on a node, its
 * caps and pings are {@link dev.merchantnotify.channel.websocket.SocketSessions}; a socket on another node takes its
 * frames through Redis ({@link dev.merchantnotify.channel.websocket.SocketRelay}); settings
 * {@code notify.websocket.*} ({@link dev.merchantnotify.channel.websocket.WebSocketSettings}).
 */
package dev.merchantnotify.channel.websocket;
