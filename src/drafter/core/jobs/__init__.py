"""Work the window hands to a process of its own: the protocol every job shares, and the jobs.

- ``protocol``  starting a job, its JSON lines both ways, cancelling (the plumbing);
- ``read``      reading files to import (the ``read-job`` command, and its readers, ``read-worker``);
- ``export``    exporting a response (the ``export-job`` command).

The protocol's names are here too, so the window's side (``drafter.ui.job_process``)
imports ``drafter.core.jobs`` without loading either job.
"""

from __future__ import annotations

from drafter.core.jobs.protocol import (
    CANCEL,
    Channel,
    EventReader,
    JobError,
    cancel_on_request,
    child_streams,
    encode,
    failure_from,
    job_command,
    job_environment,
    read_job,
    require,
)

__all__ = [
    "CANCEL",
    "Channel",
    "EventReader",
    "JobError",
    "cancel_on_request",
    "child_streams",
    "encode",
    "failure_from",
    "job_command",
    "job_environment",
    "read_job",
    "require",
]
