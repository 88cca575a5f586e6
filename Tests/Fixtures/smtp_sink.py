#!/usr/bin/env python3
"""A local SMTP server for the delivery tests (aiosmtpd on 127.0.0.1).

usage: smtp_sink.py FOLDER [--refuse ADDRESS]... [--stop-after N] [--first N]

Binds a free port on 127.0.0.1, prints it on one line, and writes each message it accepts to
FOLDER/NNN.eml exactly as it arrived (the DATA bytes, dot-unstuffed, CRLF line ends), with
FOLDER/NNN.rcpt holding its envelope recipients. A RCPT TO an address given with --refuse is
answered 550. With --stop-after N the server goes away (the process exits) once it has taken
N messages, so later deliveries find nobody listening. --first N numbers the files from N. It stops when its standard input closes.
"""
import argparse
import asyncio
import os
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, refused, stop_after, first):
        self.folder = folder
        self.refused = {address.lower() for address in refused}
        self.stop_after = stop_after
        self.first = first
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 mailbox unavailable: refused by the test server"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, "%03d" % (self.first + self.count - 1))
        with open(base + ".eml.part", "wb") as out:
            out.write(envelope.original_content)
        os.rename(base + ".eml.part", base + ".eml")
        with open(base + ".rcpt", "w") as out:
            out.write("\n".join(envelope.rcpt_tos) + "\n")
        if self.stop_after is not None and self.count >= self.stop_after:
            # Answer this message, then go away.
            asyncio.get_running_loop().call_later(0.05, lambda: os._exit(0))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--stop-after", type=int, default=None)
    parser.add_argument("--first", type=int, default=1)
    arguments = parser.parse_args()
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    sink = Sink(arguments.folder, arguments.refuse, arguments.stop_after, arguments.first)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    # Runs until the test closes our standard input (or kills us).
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
