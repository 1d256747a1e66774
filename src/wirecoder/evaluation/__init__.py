"""Evaluation against public gold standards (PolNeAR attributions, PLOVER GSR events).

These read gold data from a folder the user points at; nothing here is needed to code
articles.
"""
