"""The fr translations of the prose, by place. Generated from data/locale/fr/*.po by tools/generate_data.py: do not edit."""

TEXT: dict[str, str] = {
}
