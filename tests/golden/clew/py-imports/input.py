import os
import os.path as osp, sys
import numpy as np
from . import sibling
from .models import User as U, Group
from ..core.base import *
from __future__ import annotations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

try:
    import ujson as json
except ImportError:
    import json


def late():
    import secret_local  # inside a function: not a module import
