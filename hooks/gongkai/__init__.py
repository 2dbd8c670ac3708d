"""gongkai：政务公开 / 村务公开公开栏的静态网站生成器。

The pipeline (one module per step):
    load → validate → model → pages / listings / api / search / posters / feeds
"""

__version__ = "0.1.0"
