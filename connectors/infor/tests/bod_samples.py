"""Hand-written BODs in the spec's envelope (namespace, ApplicationArea, DataArea/verb)."""

from __future__ import annotations

ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>
<Sync{noun} xmlns="http://schema.infor.com/InforOAGIS/2" releaseID="9.2" versionID="2.14.0">
  <ApplicationArea>
    <Sender>
      <LogicalID>lid://infor.m3.m3</LogicalID>
      <ComponentID>M3BE</ComponentID>
      <ConfirmationCode>OnError</ConfirmationCode>
    </Sender>
    <CreationDateTime>2026-01-05T10:00:00Z</CreationDateTime>
    <BODID>infor-nid:FERRY_TST:100:AAA:{key}:1?{noun}&amp;verb=Sync&amp;variationID=7</BODID>
  </ApplicationArea>
  <DataArea>
    <Sync>
      <TenantID>FERRY_TST</TenantID>
      <AccountingEntityID>100_AAA</AccountingEntityID>
      <ActionCriteria><ActionExpression actionCode="{action}"/></ActionCriteria>
    </Sync>
    {body}
  </DataArea>
</Sync{noun}>
"""


def sync(noun: str, key: str, body: str, action: str = "Replace") -> str:
    return ENVELOPE.format(noun=noun, key=key, body=body, action=action)


SALES_ORDER = sync(
    "SalesOrder",
    "1000000001",
    """<SalesOrder>
      <SalesOrderHeader>
        <DocumentID><ID>1000000001</ID></DocumentID>
        <CustomerPurchaseOrderReference><DocumentID><ID>PS-000123</ID></DocumentID>
        </CustomerPurchaseOrderReference>
        <CustomerParty><PartyIDs><ID>WEB0000001</ID></PartyIDs></CustomerParty>
        <Status><Code>66</Code></Status>
      </SalesOrderHeader>
      <SalesOrderLine>
        <LineNumber>1</LineNumber>
        <Item><ItemID><ID>SKU-00001</ID></ItemID></Item>
        <Quantity unitCode="EA">2</Quantity>
        <Status><Code>66</Code></Status>
      </SalesOrderLine>
    </SalesOrder>""",
)
SHIPMENT = sync(
    "Shipment",
    "50000001",
    """<Shipment>
      <ShipmentHeader>
        <DocumentID><ID>50000001</ID></DocumentID>
        <TrackingID>JD000014000001</TrackingID>
        <CarrierParty><PartyIDs><ID>DHL</ID></PartyIDs></CarrierParty>
        <ActualShipDateTime>2026-01-05T12:00:00Z</ActualShipDateTime>
      </ShipmentHeader>
      <ShipmentItem>
        <ItemID><ID>SKU-00001</ID></ItemID>
        <ShippedQuantity unitCode="EA">2</ShippedQuantity>
        <SalesOrderReference><DocumentID><ID>1000000001</ID></DocumentID></SalesOrderReference>
      </ShipmentItem>
    </Shipment>""",
    action="Add",
)
INVOICE = sync(
    "Invoice",
    "300001",
    """<Invoice>
      <InvoiceHeader>
        <DocumentID><ID>300001</ID></DocumentID>
        <DocumentDateTime>2026-01-05</DocumentDateTime>
        <TotalAmount currencyID="EUR">47.76</TotalAmount>
        <CustomerParty><PartyIDs><ID>WEB0000001</ID></PartyIDs></CustomerParty>
        <SalesOrderReference><DocumentID><ID>1000000001</ID></DocumentID></SalesOrderReference>
      </InvoiceHeader>
    </Invoice>""",
)
ITEM_MASTER = sync(
    "ItemMaster",
    "SKU-00001",
    """<ItemMaster>
      <ItemMasterHeader>
        <ItemID><ID>SKU-00001</ID></ItemID>
        <Description>Blue Mug 1</Description>
        <Status><Code>20</Code></Status>
        <BaseUOMCode>EA</BaseUOMCode>
      </ItemMasterHeader>
    </ItemMaster>""",
    action="Change",
)
CUSTOMER = sync(
    "CustomerPartyMaster",
    "WEB0000001",
    """<CustomerPartyMaster>
      <PartyIDs><ID>WEB0000001</ID></PartyIDs>
      <Name>Jane Doe</Name>
      <Location><Address>
        <AddressLine>1 Rue du Port</AddressLine><CityName>Lyon</CityName>
        <PostalCode>69002</PostalCode><CountryCode>FR</CountryCode>
      </Address></Location>
      <Communication><ChannelCode>Phone</ChannelCode><DialNumber>+33 1</DialNumber></Communication>
      <Communication><ChannelCode>EMail</ChannelCode><URI>jane@example.test</URI></Communication>
      <Status><Code>20</Code></Status>
    </CustomerPartyMaster>""",
)
