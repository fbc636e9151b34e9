#!/usr/bin/env python3
"""qemu-monitor.py SOCKET CMD...: run QEMU human-monitor (HMP) commands through
the unix socket of "-monitor unix:SOCKET,server,nowait", in order, on one
connection, and print each as "(qemu) CMD" followed by its output. Python's
socket module rather than socat: one dependency less. The monitor echoes what
it is sent, with line-editing escapes; that echo is dropped."""
import re
import socket
import sys

PROMPT = b'(qemu) '
ESCAPES = re.compile(rb'\x1b\[[0-9;]*[A-Za-z]')


def read_to_prompt(sock):
    """Everything up to the next prompt; the rest if the monitor closes."""
    buf = b''
    while not buf.endswith(PROMPT):
        chunk = sock.recv(65536)
        if not chunk:
            break
        buf += chunk
    return buf[:-len(PROMPT)] if buf.endswith(PROMPT) else buf


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # A command on a frozen guest still answers (QEMU's main loop, not the
    # vCPUs, runs the monitor); the timeout is for a wedged QEMU.
    sock.settimeout(60)
    sock.connect(argv[0])
    read_to_prompt(sock)  # the banner
    for cmd in argv[1:]:
        sock.sendall(cmd.encode() + b'\n')
        out = read_to_prompt(sock)
        # The first line is the echo of the command.
        out = out.split(b'\r\n', 1)[1] if b'\r\n' in out else b''
        out = ESCAPES.sub(b'', out).replace(b'\r', b'')
        print(f'(qemu) {cmd}')
        sys.stdout.write(out.decode(errors='replace'))
        sys.stdout.flush()


if __name__ == '__main__':
    main(sys.argv[1:])
