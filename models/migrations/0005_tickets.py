from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.tickets import CallbackMethod, CallbackState, Closure, ContactPreference, ExtensionState, RefusalReason, Satisfaction, TicketColumn, TicketState, Urgency
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_cases')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Ticket',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.RESTRICT)),
                ('column', fields.CharEnumField(description='CONSULT: consult\nCOMPLAINT: complaint\nSUGGESTION: suggestion', enum_type=TicketColumn, max_length=16)),
                ('title', fields.CharField(max_length=100)),
                ('content', fields.TextField(unique=False)),
                ('attachments', fields.JSONField(default=list, description='references to stored files', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('item_code', fields.CharField(default='', description='service item asked about', max_length=64)),
                ('case_no', fields.CharField(default='', max_length=64)),
                ('contact_name', fields.CharField(default='', max_length=50)),
                ('contact_phone', fields.CharField(default='', max_length=20)),
                ('contact_preference', fields.CharEnumField(description='PHONE: phone\nIN_APP: in_app', enum_type=ContactPreference, max_length=16)),
                ('anonymous', fields.BooleanField(default=False)),
                ('confidential', fields.BooleanField(default=False)),
                ('state', fields.CharEnumField(default=TicketState.SUBMITTED, description='SUBMITTED: submitted\nREFUSED: refused\nACCEPTED: accepted\nASSIGNED: assigned\nRETURNED: returned\nIN_HANDLING: in_handling\nCLOSED: closed\nMERGED: merged', enum_type=TicketState, max_length=16)),
                ('urgency', fields.CharEnumField(null=True, description='URGENT: urgent\nFAIRLY_URGENT: fairly_urgent\nORDINARY: ordinary', enum_type=Urgency, max_length=16)),
                ('refusal_reason', fields.CharEnumField(null=True, description='NOT_GOVERNMENT_SERVICE: not_government_service\nENDANGERS_SECURITY_OR_ORDER: endangers_security_or_order\nNO_CLEAR_RESPONDENT_OR_CONTENT: no_clear_respondent_or_content\nALREADY_IN_HANDLING: already_in_handling\nREPEATED_WITHOUT_NEW_EVIDENCE: repeated_without_new_evidence\nPESTERING_OR_ABUSE: pestering_or_abuse\nOTHER_STATUTORY_CHANNEL: other_statutory_channel\nOTHERWISE_UNLAWFUL: otherwise_unlawful', enum_type=RefusalReason, max_length=40)),
                ('refusal_note', fields.TextField(default='', unique=False)),
                ('intake_department', fields.ForeignKeyField('models.Department', source_field='intake_department_id', null=True, db_constraint=True, to_field='id', related_name='intake_tickets', on_delete=OnDelete.RESTRICT)),
                ('screened_by_id', fields.BigIntField(null=True)),
                ('screened_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('limit_working_days', fields.IntField(null=True, description='the limit that applies (art. 32)')),
                ('accepted_at', fields.DatetimeField(null=True, description='the clock starts here', auto_now=False, auto_now_add=False)),
                ('due_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('assigned_department', fields.ForeignKeyField('models.Department', source_field='assigned_department_id', null=True, db_constraint=True, to_field='id', related_name='assigned_tickets', on_delete=OnDelete.RESTRICT)),
                ('assigned_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('return_due_at', fields.DatetimeField(null=True, description='end of the art. 33 window', auto_now=False, auto_now_add=False)),
                ('department_accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('department_accepted_by_id', fields.BigIntField(null=True)),
                ('extension_granted', fields.BooleanField(default=False)),
                ('closure', fields.CharEnumField(null=True, description='RESOLVED: resolved\nINVALID: invalid', enum_type=Closure, max_length=16)),
                ('closure_summary', fields.TextField(default='', unique=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('merged_into', fields.ForeignKeyField('models.Ticket', source_field='merged_into_id', null=True, db_constraint=True, to_field='id', related_name='merged_tickets', on_delete=OnDelete.RESTRICT)),
                ('reopen_count', fields.IntField(default=0)),
            ],
            options={'table': 'ticket', 'app': 'models', 'indexes': [Index(fields=['state', 'return_due_at']), Index(fields=['assigned_department_id', 'state'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='CallbackVisit',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('ticket', fields.ForeignKeyField('models.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='callbacks', on_delete=OnDelete.CASCADE)),
                ('state', fields.CharEnumField(default=CallbackState.PENDING, description='PENDING: pending\nDONE: done\nUNREACHABLE: unreachable', enum_type=CallbackState, max_length=16)),
                ('max_tries', fields.IntField()),
                ('tries', fields.IntField(default=0)),
                ('next_try_at', fields.DatetimeField(description='the visit is due from this time', auto_now=False, auto_now_add=False)),
                ('window_ends_at', fields.DatetimeField(description='unreached by then: unreachable', auto_now=False, auto_now_add=False)),
                ('satisfaction', fields.CharEnumField(null=True, description='SATISFIED: satisfied\nBASICALLY_SATISFIED: basically_satisfied\nDISSATISFIED: dissatisfied', enum_type=Satisfaction, max_length=24)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'callback_visit', 'app': 'models', 'indexes': [Index(fields=['state', 'next_try_at'])], 'pk_attr': 'id', 'table_description': 'One callback work item per closure (a reopened and re-closed ticket gets a new one).'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='CallbackAttempt',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('visit', fields.ForeignKeyField('models.CallbackVisit', source_field='visit_id', db_constraint=True, to_field='id', related_name='attempts', on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('visitor_id', fields.BigIntField()),
                ('method', fields.CharEnumField(description='PHONE: phone\nSMS: sms\nIN_APP: in_app', enum_type=CallbackMethod, max_length=16)),
                ('reached', fields.BooleanField()),
                ('satisfaction', fields.CharEnumField(null=True, description='SATISFIED: satisfied\nBASICALLY_SATISFIED: basically_satisfied\nDISSATISFIED: dissatisfied', enum_type=Satisfaction, max_length=24)),
                ('note', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'callback_attempt', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='TicketExtension',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('ticket', fields.ForeignKeyField('models.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='extensions', on_delete=OnDelete.CASCADE)),
                ('requested_by_id', fields.BigIntField()),
                ('requested_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('working_days', fields.IntField()),
                ('reason', fields.TextField(unique=False)),
                ('state', fields.CharEnumField(default=ExtensionState.PENDING, description='PENDING: pending\nAPPROVED: approved\nREJECTED: rejected', enum_type=ExtensionState, max_length=16)),
                ('decided_by_id', fields.BigIntField(null=True)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decision_note', fields.TextField(default='', unique=False)),
                ('old_due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('new_due_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'ticket_extension', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='TicketTimelineEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('ticket', fields.ForeignKeyField('models.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='timeline', on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('kind', fields.CharField(max_length=32)),
                ('actor_kind', fields.CharField(description='citizen, staff or system', max_length=16)),
                ('actor_id', fields.BigIntField(null=True)),
                ('department_id', fields.BigIntField(null=True)),
                ('text', fields.TextField(default='', unique=False)),
                ('attachments', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('visible_to_citizen', fields.BooleanField(default=True)),
            ],
            options={'table': 'ticket_timeline_entry', 'app': 'models', 'indexes': [Index(fields=['ticket_id', 'at'])], 'pk_attr': 'id', 'table_description': "One step of a ticket's history. `text` is content, hidden for confidential tickets."},
            bases=['TimestampedModel'],
        ),
    ]
