// The sample Call Start the "Send a test call" button posts through the public URL: the vendor's own
// sample (the documentation's Call Start) with a fresh id and time, and a caller that is plainly a test.

/** 555-0100…0199 numbers are reserved for fiction in North America: never a real caller's history. */
export const TEST_CALLER_NUMBER = '5555550100';
export const TEST_TRACKING_NUMBER = '8005550199';
export const TEST_CALLER_NAME = 'TEST CALL (Call Alerts)';
export const TEST_ENVELOPE_PREFIX = 'call-alerts-test-';

/** The vendor writes UTC times without a zone: "2019-11-15T14:09:52.267". */
function vendorUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

export function testCallStartBody(now: number, nonce: string): string {
  const at = vendorUtc(now);
  const envelope = {
    Id: `${TEST_ENVELOPE_PREFIX}${nonce}`,
    Attempt: 1,
    Properties: { CollectionType: 'CallDetails', UTC: at, Organization: null, RequestId: nonce },
    Notifications: [
      {
        Action: 'CallDetails.CallStartCall',
        CallDate: at,
        CalledNumber: TEST_TRACKING_NUMBER,
        CallerNumber: TEST_CALLER_NUMBER,
        OrgGroupName: 'Call Alerts',
        OrgGroupID: null,
        OrganizationID: null,
        RouteKey: null,
        CallerDetails: {
          PhoneNumber: TEST_CALLER_NUMBER,
          Name: TEST_CALLER_NAME,
          Address: null,
          City: null,
          Zip: null,
          State: null,
          ShortZip: null,
          RichData: null,
        },
        StudyDetails: { StudyID: null, CustomID: null, CustomText: null, CustomText2: null, CustomText3: null },
        AdDetails: { AdDefinitionID: null, CustomID: null, CustomText: null, CustomText2: null, CustomText3: null, CustomText4: null },
        AdvertiserDetails: { AdvertiserID: null, ClientCode: null, CustomText: '', CustomText2: '' },
        AttributionDetails: {
          SessionId: null,
          RuleDescription: 'Test call sent from Call Alerts',
          LandingPageUrl: '',
          ReferrerUrl: '',
          session_tag: null,
        },
      },
    ],
  };
  return JSON.stringify(envelope, null, 2);
}
