"""Folium map builders: plain data in, a folium.Map (or its HTML) out. No Flask, no database."""
