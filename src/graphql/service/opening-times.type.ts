import { Field, ObjectType, registerEnumType } from "type-graphql";

export enum OpeningDay {
  MONDAY = "MONDAY",
  TUESDAY = "TUESDAY",
  WEDNESDAY = "WEDNESDAY",
  THURSDAY = "THURSDAY",
  FRIDAY = "FRIDAY",
  SATURDAY = "SATURDAY",
  SUNDAY = "SUNDAY",
  BANK_HOLIDAY = "BANK_HOLIDAY",
}

registerEnumType(OpeningDay, {
  name: "OpeningDay",
  description: "A day of the weekly rota; BANK_HOLIDAY sessions replace the rota on England bank holidays.",
  valuesConfig: {
    MONDAY: { description: "Monday." },
    TUESDAY: { description: "Tuesday." },
    WEDNESDAY: { description: "Wednesday." },
    THURSDAY: { description: "Thursday." },
    FRIDAY: { description: "Friday." },
    SATURDAY: { description: "Saturday." },
    SUNDAY: { description: "Sunday." },
    BANK_HOLIDAY: { description: "England bank holidays (DoS `Bankholiday`)." },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: "One session of the weekly rota, in Europe/London local time. No session crosses midnight.",
})
export class OpeningSession {
  @Field(_type => OpeningDay, { description: "The rota day." })
  day!: OpeningDay;

  @Field(_type => String, { description: "Opening time `hh:mm`." })
  opens!: string;

  @Field(_type => String, { description: "Closing time `hh:mm`; `23:59` means until midnight." })
  closes!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: "Opening on one specific date; replaces the rota (and open-all-hours) on that date.",
})
export class SpecifiedOpeningTime {
  @Field(_type => String, { description: "The date, `YYYY-MM-DD` (Europe/London)." })
  date!: string;

  @Field(_type => String, { description: "Opening time `hh:mm`." })
  opens!: string;

  @Field(_type => String, { description: "Closing time `hh:mm`; `23:59` means until midnight." })
  closes!: string;

  @Field(_type => Boolean, { description: "True when the service is closed all day (DoS `00:00-00:00`)." })
  closed!: boolean;
}
