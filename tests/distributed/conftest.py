import os

import pytest

from .cluster_support import REDIS, redis_server


@pytest.fixture
def redis_url(tmp_path):
    if not REDIS:
        if os.environ.get("CI"):
            pytest.fail("CI must install redis-server (.ci/run does)")
        pytest.skip("redis-server not installed")
    with redis_server(tmp_path) as url:
        yield url


@pytest.fixture
def redis_client(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()
