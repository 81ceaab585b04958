"""White space the Document trims around lines, sentences and quotes (offsets are code points)."""

from __future__ import annotations

WS = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f" \
     "\u3000\ufeff\x0b\x0c\x85\u2028\u2029"
WS_NL = WS + "\r\n"
