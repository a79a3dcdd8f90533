#!/usr/bin/python3
"""A local Web Push service for Pushgate's tests, independent of Pushgate's code.

It decrypts every push (RFC 8291, aes128gcm) and verifies every VAPID token (RFC 8292) with Debian's
python3-cryptography and python3-jwt, so that a test of Pushgate's encryption is not a test of Pushgate against itself.

    webpush_service.py <port file> <VAPID public key, base64url>

Listens on 127.0.0.1, on a port it picks and writes to <port file>. Endpoints:
  POST /subscriptions  {"answers": [410], "then": 201}  a fresh subscription (its own P-256 key pair and auth
                       secret) whose pushes are answered with each status of "answers" in turn, then "then" for good;
                       answers {"endpoint", "keys": {"p256dh", "auth"}}
  POST /push/<id>      a push: checked, decrypted, recorded, answered as the subscription says (201 by default), or
                       400 / 401 with {"reason"} when it is not a valid Web Push request
  GET  /received       every push received, in order: [{"id", "status", "payload", "ttl", "urgency", "topic",
                       "token" (the VAPID JWT), "error"}]
"""
import base64
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAX_BODY = 64 * 1024


def b64decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hkdf(salt, ikm, info, length):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def decrypt(body, private_key, auth):
    """RFC 8291 section 3.4 and RFC 8188: one aes128gcm record."""
    salt, record_size, id_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
    sender_public = body[21:21 + id_length]
    ciphertext = body[21 + id_length:]
    if len(ciphertext) > record_size:
        raise ValueError("more than one record")
    receiver_public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    shared = private_key.exchange(ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_public))
    ikm = hkdf(auth, shared, b"WebPush: info\x00" + receiver_public + sender_public, 32)
    key = hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
    padded = AESGCM(key).decrypt(nonce, ciphertext, None).rstrip(b"\x00")
    if not padded.endswith(b"\x02"):
        raise ValueError("no last-record delimiter")
    return padded[:-1]


class Service:
    def __init__(self, vapid_public_key):
        self.vapid_key_text = vapid_public_key
        self.vapid_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64decode(vapid_public_key))
        self.lock = threading.Lock()
        self.subscriptions = {}
        self.received = []
        self.origin = None
        self.last_token = threading.local()

    def subscribe(self, answers, then):
        private_key = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        with self.lock:
            sub_id = str(len(self.subscriptions) + 1)
            self.subscriptions[sub_id] = {"key": private_key, "auth": auth, "answers": list(answers), "then": then}
        public = private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.origin + "/push/" + sub_id, "keys": {"p256dh": b64encode(public), "auth": b64encode(auth)}}

    def check_vapid(self, header):
        """RFC 8292: vapid t=<ES256 JWT>, k=<the key>; aud this origin, exp within 24 hours, sub a contact."""
        if not header or not header.startswith("vapid "):
            raise ValueError("no vapid authorization")
        params = dict(part.strip().split("=", 1) for part in header[len("vapid "):].split(","))
        self.last_token.value = params.get("t")
        if params.get("k") != self.vapid_key_text:
            raise ValueError("k is not the VAPID public key")
        pem = self.vapid_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        claims = jwt.decode(params["t"], pem, algorithms=["ES256"], audience=self.origin,
                            options={"require": ["aud", "exp", "sub"]})
        if claims["exp"] > time.time() + 24 * 3600:
            raise ValueError("exp more than 24 hours ahead")
        if not (claims["sub"].startswith("mailto:") or claims["sub"].startswith("https:")):
            raise ValueError("sub is not a mailto: or https: contact")

    def push(self, sub_id, headers, body):
        entry = {"id": sub_id, "ttl": headers.get("TTL"), "urgency": headers.get("Urgency"),
                 "topic": headers.get("Topic"), "payload": None, "error": None, "token": None}
        with self.lock:
            subscription = self.subscriptions.get(sub_id)
        try:
            if subscription is None:
                raise LookupError("no such subscription")
            self.last_token.value = None
            self.check_vapid(headers.get("Authorization"))
            entry["token"] = self.last_token.value
            if headers.get("TTL") is None:
                raise ValueError("no TTL")
            if body:
                if headers.get("Content-Encoding") != "aes128gcm":
                    raise ValueError("Content-Encoding is not aes128gcm")
                entry["payload"] = decrypt(body, subscription["key"], subscription["auth"]).decode("utf-8")
            with self.lock:
                status = subscription["answers"].pop(0) if subscription["answers"] else subscription["then"]
        except LookupError as e:
            entry["error"], status = str(e), 404
        except jwt.PyJWTError as e:
            entry["error"], status = "vapid: " + str(e), 401
        except Exception as e:  # noqa: BLE001 - any failure to read the push is the test's finding
            entry["error"], status = type(e).__name__ + ": " + str(e), 400
        entry["status"] = status
        with self.lock:
            self.received.append(entry)
        return status, entry["error"]


def handler(service):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, document):
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def body(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                raise ValueError("body too large")
            return self.rfile.read(length)

        def do_POST(self):
            body = self.body()
            if self.path == "/subscriptions":
                wanted = json.loads(body or b"{}")
                self.answer(200, service.subscribe(wanted.get("answers", []), wanted.get("then", 201)))
            elif self.path.startswith("/push/"):
                status, error = service.push(self.path[len("/push/"):], self.headers, body)
                self.answer(status, {"reason": error} if error else {})
            else:
                self.answer(404, {"reason": "no such path"})

        def do_GET(self):
            if self.path == "/received":
                with service.lock:
                    self.answer(200, list(service.received))
            else:
                self.answer(404, {"reason": "no such path"})

    return Handler


def main():
    port_file, vapid_public_key = sys.argv[1], sys.argv[2]
    service = Service(vapid_public_key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(service))
    service.origin = "http://127.0.0.1:%d" % server.server_address[1]
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
