"""The whole domain: sources, snippets, responses, questions, answer blocks

Revision ID: 0001
Revises:
Create Date: 2026-11-23 18:58:38.082172
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('consulting_body', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('deadline', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('submit_to', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('may_publish', sa.Boolean(), nullable=True),
    sa.Column('introduction', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('citation_style', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('quotations_count_toward_limit', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('seeded_article',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('seeded_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('publisher', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('authors', sa.JSON(), nullable=True),
    sa.Column('date', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('accessed', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('standfirst', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('original_filename', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('format', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('fact_basis', sa.JSON(), nullable=True),
    sa.Column('stored_article', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stored_article')
    )
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_content_hash'), ['content_hash'], unique=False)

    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('section', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('prompt', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('chosen_option', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('word_limit', sa.Integer(), nullable=True),
    sa.Column('char_limit', sa.Integer(), nullable=True),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_response_id'), ['response_id'], unique=False)

    op.create_table('snippet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('page_label', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('snippet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_snippet_source_id'), ['source_id'], unique=False)

    op.create_table('source_page',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('source_page', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_page_source_id'), ['source_id'], unique=False)

    op.create_table('answer_block',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('snippet_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['snippet_id'], ['snippet.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('answer_block', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_block_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_block_snippet_id'), ['snippet_id'], unique=False)

    op.create_table('snippet_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('snippet_id', sa.Integer(), nullable=False),
    sa.Column('tag', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['snippet_id'], ['snippet.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('snippet_id', 'tag')
    )
    with op.batch_alter_table('snippet_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_snippet_tag_snippet_id'), ['snippet_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_snippet_tag_tag'), ['tag'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('snippet_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_snippet_tag_tag'))
        batch_op.drop_index(batch_op.f('ix_snippet_tag_snippet_id'))

    op.drop_table('snippet_tag')
    with op.batch_alter_table('answer_block', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_block_snippet_id'))
        batch_op.drop_index(batch_op.f('ix_answer_block_question_id'))

    op.drop_table('answer_block')
    with op.batch_alter_table('source_page', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_page_source_id'))

    op.drop_table('source_page')
    with op.batch_alter_table('snippet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_snippet_source_id'))

    op.drop_table('snippet')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_response_id'))

    op.drop_table('question')
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_content_hash'))

    op.drop_table('source')
    op.drop_table('seeded_article')
    op.drop_table('response')
