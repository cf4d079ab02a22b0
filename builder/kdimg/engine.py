"""The Docker engine, through the Docker SDK (low-level API for streaming builds)."""
from __future__ import annotations

from typing import Dict, Iterator, Optional

import docker
import docker.errors
import requests.exceptions

from kdimg.errors import EngineError


class Engine:
    """A connection to one Docker engine."""

    def __init__(self, client: docker.DockerClient):
        self.client = client
        self.api = client.api

    @classmethod
    def connect(cls, timeout: int = 600) -> "Engine":
        try:
            client = docker.from_env(timeout=timeout)
            client.ping()
        except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise EngineError(f"cannot reach the Docker engine ({reason}); start dockerd or set DOCKER_HOST") from None
        return cls(client)

    # ---- images -------------------------------------------------------------
    def has_image(self, ref: str) -> bool:
        try:
            self.api.inspect_image(ref)
            return True
        except docker.errors.ImageNotFound:
            return False
        except docker.errors.APIError as exc:
            raise EngineError(f"inspecting {ref}: {exc.explanation or exc}") from None

    def inspect_image(self, ref: str) -> dict:
        try:
            return self.api.inspect_image(ref)
        except docker.errors.ImageNotFound:
            raise EngineError(f"no such image: {ref}") from None
        except docker.errors.APIError as exc:
            raise EngineError(f"inspecting {ref}: {exc.explanation or exc}") from None

    def try_pull(self, ref: str) -> Optional[str]:
        """Pull `ref`; None on success, else the registry's one-line reason."""
        repo, tag = docker.utils.parse_repository_tag(ref)
        try:
            for event in self.api.pull(repo, tag=tag or "latest", stream=True, decode=True):
                if "error" in event:
                    return str(event["error"]).splitlines()[0]
            return None
        except (docker.errors.APIError, requests.exceptions.RequestException) as exc:
            text = getattr(exc, "explanation", None) or str(exc)
            return str(text).splitlines()[0]

    def tag(self, image_id: str, ref: str) -> None:
        repo, tag = docker.utils.parse_repository_tag(ref)
        if not self.api.tag(image_id, repo, tag or "latest", force=True):
            raise EngineError(f"could not tag {image_id} as {ref}")

    def untag(self, ref: str) -> None:
        """Remove the tag `ref`; the build's cached layers (its parents) are kept."""
        try:
            self.api.remove_image(ref, force=True, noprune=True)
        except docker.errors.APIError:
            pass

    def import_tarball(self, path: str, ref: str, changes: list) -> str:
        repo, tag = docker.utils.parse_repository_tag(ref)
        try:
            out = self.api.import_image_from_file(path, repository=repo, tag=tag, changes=changes)
        except docker.errors.APIError as exc:
            raise EngineError(f"docker import of {path} failed: {exc.explanation or exc}") from None
        return str(out)

    # ---- builds -------------------------------------------------------------
    def build_stream(self, context_dir: str, tag: str, buildargs: Dict[str, str], nocache: bool) -> Iterator[dict]:
        """Yield the engine's decoded build events as they arrive."""
        try:
            yield from self.api.build(
                path=context_dir,
                tag=tag,
                buildargs=buildargs,
                nocache=nocache,
                rm=True,
                forcerm=True,
                pull=False,
                decode=True,
            )
        except (docker.errors.APIError, requests.exceptions.RequestException) as exc:
            text = getattr(exc, "explanation", None) or str(exc)
            yield {"error": str(text)}
