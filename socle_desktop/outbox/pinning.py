"""TLS for the reception point a campaign file names: its certificate's SHA-256, or its CA.

A campaign file (signed, its signer confirmed by the user) carries either the fingerprint of
the reception point's certificate (`certificat_sha256`: a State server with a certificate of
its own, self-signed or not) or the certificate of the authority that issued it (`ca_pem`).

- `ca_pem`: ordinary verification (chain and host name), with that authority as the only root.
- `certificat_sha256`: the server must present exactly that certificate. The handshake is
  checked before a single byte of the request is written: `PinnedSSLSocket.do_handshake`
  compares the peer certificate's SHA-256 with the pin and closes the connection otherwise,
  so neither a bundle nor its metadata reaches an impostor. The chain and the host name are
  not checked: the pin is stronger than both (it names one certificate).
"""

from __future__ import annotations

import hashlib
import hmac
import ssl


class PinnedCertificateError(ssl.SSLCertVerificationError):
    """The server's certificate is not the one the campaign file names."""


class PinnedSSLSocket(ssl.SSLSocket):
    pin: str = ""

    def do_handshake(self, *args, **kwargs):
        super().do_handshake(*args, **kwargs)
        der = self.getpeercert(binary_form=True) or b""
        if not hmac.compare_digest(hashlib.sha256(der).hexdigest(), self.context.pin_sha256):
            self.close()
            raise PinnedCertificateError(
                1, "CERTIFICATE_VERIFY_FAILED: certificate fingerprint does not match the campaign's pin")


class PinnedSSLContext(ssl.SSLContext):
    sslsocket_class = PinnedSSLSocket
    pin_sha256: str = ""


def pinned_context(certificat_sha256: str | None = None, ca_pem: str | None = None) -> ssl.SSLContext:
    """The client context for a reception point named by a campaign file."""
    if certificat_sha256:
        context = PinnedSSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # replaced by the fingerprint check above
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.pin_sha256 = certificat_sha256.lower()
        return context
    if ca_pem:
        context = ssl.create_default_context(cadata=ca_pem)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context
    raise ValueError("neither a certificate fingerprint nor a CA: nothing to verify the server with")
