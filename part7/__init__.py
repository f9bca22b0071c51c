"""Part 7: streaming responses and WebSockets (beyond the series).

A response can send its body in pieces (Server-Sent Events among them) and
stop when the client leaves; a WebSocket route holds a conversation: the
handshake, messages both ways, close codes and disconnects.
"""
