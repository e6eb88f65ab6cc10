"""Error-handling facts per function."""
try:
    import ujson as json
except ImportError:
    import json


def no_handling(x):
    return x + 1


def load(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(path) from exc
    except KeyboardInterrupt:
        raise
    except:
        return None
    finally:
        pass


def retry(fn, times):
    def attempt():
        try:
            return fn()
        except* (TimeoutError, ConnectionError):
            return None

    for _ in range(times):
        attempt()
    raise RuntimeError("gave up")


class Store:
    def get(self, key):
        try:
            return self.data[key]
        except KeyError:
            pass
        except errors.Missing:
            pass

    def todo(self):
        raise NotImplementedError
