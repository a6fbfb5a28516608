"""Officials' names and roles in portal prose: lexicon, names, gazetteer, grammar, extractor
(``pipelines.rolenorm.extractor.extract_roles``).

Nothing is imported here, so that one module of the package (the gazetteer's ``REFORM_DATE``,
say) can be imported without loading the whole extractor.
"""
