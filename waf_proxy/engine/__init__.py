"""The detection engine: normalise, tokenise, score."""
